using System.Text.Json.Serialization;

namespace RegionalGoodWork.Employers.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<MembershipStatus>))]
public enum MembershipStatus
{
    [JsonStringEnumMemberName("active")] Active = 0,
    [JsonStringEnumMemberName("withdrawn")] Withdrawn = 1,
}

/// <summary>
/// A membership as assessed against <see cref="CharterVersion"/>. <see cref="Tier"/> is the highest tier whose
/// requirements, and all lower tiers', are met (null when none); <see cref="NextTier"/> the one above (null at the top).
/// <see cref="Evidence"/> gives, for each met requirement, the evidence items that satisfied it. A withdrawn
/// membership keeps the assessment it had when it was withdrawn. <see cref="DueBy"/>: the requirements met today that a
/// newly announced wage rate will fail on its pay-by date unless a new figure meets it by then (the annual uplift).
/// <see cref="Review"/>: the officer review of a charter under it (null otherwise); <see cref="Tier"/> is then the
/// approved tier (or lower, when the evidence no longer reaches it).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.membership")]
public sealed record MembershipView(
    [property: Id(0)] string CharterId,
    [property: Id(1)] int CharterVersion,
    [property: Id(2)] MembershipStatus Status,
    [property: Id(3)] string? Tier,
    [property: Id(4)] string? NextTier,
    [property: Id(5)] IReadOnlyList<string> Met,
    [property: Id(6)] IReadOnlyList<string> Missing,
    [property: Id(7)] IReadOnlyDictionary<string, IReadOnlyList<string>> Evidence,
    [property: Id(8)] DateTimeOffset JoinedAt,
    [property: Id(9)] DateTimeOffset Since,
    [property: Id(10)] DateTimeOffset? WithdrawnAt,
    [property: Id(11)] DateTimeOffset AssessedAt,
    [property: Id(12)] IReadOnlyList<RequirementDue> DueBy,
    [property: Id(13)] MembershipReview? Review = null);

/// <summary>
/// A requirement met today that stops being met on <see cref="Date"/> (an announced wage rate's pay-by date) unless a new
/// figure of <see cref="Kind"/> at least <see cref="Rate"/> (pounds an hour, where the staff work) is reported by then.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.requirement-due")]
public sealed record RequirementDue(
    [property: Id(0)] string RequirementId,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateOnly Date,
    [property: Id(3)] decimal Rate);

/// <summary>One membership's requirement kept only by a new figure reported by <see cref="Date"/> (see <see cref="RequirementDue"/>).</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.evidence-due")]
public sealed record EvidenceDue(
    [property: Id(0)] string CharterId,
    [property: Id(1)] string RequirementId,
    [property: Id(2)] DateOnly Date,
    [property: Id(3)] decimal Rate);

/// <summary>The answer to <see cref="IEmployerGrain.JoinAsync"/>: the membership and whether this call created (or re-activated) it.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.membership-joined")]
public sealed record MembershipJoined([property: Id(0)] MembershipView Membership, [property: Id(1)] bool Created);

/// <summary>
/// One evidence kind still needed: the next-tier requirements (across charters) it would advance, and the requirements
/// met today that it must be reported again for by a pay-by date (<see cref="DueBy"/>, earliest first; the annual uplift).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.evidence-request")]
public sealed record EvidenceRequest(
    [property: Id(0)] string Kind,
    [property: Id(1)] IReadOnlyList<RequirementAdvance> Advances,
    [property: Id(2)] IReadOnlyList<EvidenceDue> DueBy);

[GenerateSerializer, Immutable, Alias("rgw.employers.requirement-advance")]
public sealed record RequirementAdvance(
    [property: Id(0)] string CharterId,
    [property: Id(1)] string RequirementId,
    [property: Id(2)] string Tier);
