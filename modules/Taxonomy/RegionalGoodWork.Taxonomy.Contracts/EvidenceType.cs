using System.Text.Json.Serialization;

namespace RegionalGoodWork.Taxonomy.Contracts;

/// <summary>The value type of an evidence kind. On the wire it is the lowercase name (<c>"percent"</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvidenceType>))]
public enum EvidenceType
{
    /// <summary>Yes/no.</summary>
    [JsonStringEnumMemberName("bool")] Bool = 0,

    /// <summary>A percentage, 0..100 unless the kind sets <see cref="EvidenceKind.Min"/>/<see cref="EvidenceKind.Max"/>.</summary>
    [JsonStringEnumMemberName("percent")] Percent = 1,

    /// <summary>An amount of money in GBP, never negative.</summary>
    [JsonStringEnumMemberName("money")] Money = 2,

    /// <summary>A whole number, never negative.</summary>
    [JsonStringEnumMemberName("count")] Count = 3,

    /// <summary>A whole number of days, never negative.</summary>
    [JsonStringEnumMemberName("days")] Days = 4,

    /// <summary>One of the kind's <see cref="EvidenceKind.Choices"/>.</summary>
    [JsonStringEnumMemberName("choice")] Choice = 5,

    /// <summary>An ISO 8601 calendar date (<c>2026-05-01</c>).</summary>
    [JsonStringEnumMemberName("date")] Date = 6,

    /// <summary>A reference to a document (a URL or a file reference), non-empty text.</summary>
    [JsonStringEnumMemberName("document")] Document = 7,
}

public static class EvidenceTypes
{
    /// <summary>The wire names, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["bool", "percent", "money", "count", "days", "choice", "date", "document"];

    public static string ToWire(this EvidenceType type) => Names[(int)type];

    public static bool TryParse(string? name, out EvidenceType type)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                type = (EvidenceType)i;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>Numbers compared as decimals: percent, money, count, days.</summary>
    public static bool IsNumeric(this EvidenceType type) =>
        type is EvidenceType.Percent or EvidenceType.Money or EvidenceType.Count or EvidenceType.Days;

    /// <summary>Whole numbers only: count and days.</summary>
    public static bool IsWholeNumber(this EvidenceType type) => type is EvidenceType.Count or EvidenceType.Days;

    /// <summary>Values with an order (numbers and dates), so <c>gt/gte/lt/lte</c> apply.</summary>
    public static bool IsOrdered(this EvidenceType type) => type.IsNumeric() || type == EvidenceType.Date;
}
