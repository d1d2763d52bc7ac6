using System.Text.Json.Serialization;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>How requirement A's threshold on one evidence kind relates to requirement B's.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleRelation>))]
public enum RuleRelation
{
    /// <summary>Exactly the same values meet both.</summary>
    [JsonStringEnumMemberName("equal")] Equal = 0,

    /// <summary>Every value meeting A meets B, not the other way round (A is stricter: evidence for A satisfies B too).</summary>
    [JsonStringEnumMemberName("stricter")] Stricter = 1,

    /// <summary>Every value meeting B meets A, not the other way round.</summary>
    [JsonStringEnumMemberName("looser")] Looser = 2,

    /// <summary>Some values meet both, but each accepts values the other refuses.</summary>
    [JsonStringEnumMemberName("overlapping")] Overlapping = 3,

    /// <summary>No value meets both (e.g. <c>eq true</c> against <c>eq false</c>): the special case of overlapping with nothing shared.</summary>
    [JsonStringEnumMemberName("disjoint")] Disjoint = 4,
}
