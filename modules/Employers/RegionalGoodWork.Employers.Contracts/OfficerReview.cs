using System.Text.Json.Serialization;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Employers.Contracts;

/// <summary>
/// A membership's officer review (charters with <c>"review": "officer"</c>): the tier an officer approved and the evidence
/// the approval rested on (a snapshot, as it was), the application waiting (the tier the evidence reaches now, above the
/// approved one), the last rejection, and <see cref="Status"/>: <c>"due"</c> when an item of the approval was superseded
/// by a newer item of its kind or expired (<see cref="Reasons"/>), <c>"waiting"</c> while an application waits,
/// <c>"ok"</c> otherwise.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.membership-review")]
public sealed record MembershipReview(
    [property: Id(0)] string Status,
    [property: Id(1)] string? AssessedTier,
    [property: Id(2)] string? ApprovedTier,
    [property: Id(3)] ReviewDecision? Approval,
    [property: Id(4)] IReadOnlyList<ApprovedEvidence> ApprovedEvidence,
    [property: Id(5)] ApplicationView? Application,
    [property: Id(6)] ReviewDecision? Rejection,
    [property: Id(7)] IReadOnlyList<string> Reasons);

/// <summary>An officer's decision: the tier decided on, when, by whom (key id) and the note.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.review-decision")]
public sealed record ReviewDecision(
    [property: Id(0)] string Tier,
    [property: Id(1)] DateTimeOffset DecidedAt,
    [property: Id(2)] string DecidedBy,
    [property: Id(3)] string? Note,
    [property: Id(4)] IReadOnlyList<string> EvidenceItemIds);

/// <summary>One evidence item as it was when an officer approved a tier resting on it.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.approved-evidence")]
public sealed record ApprovedEvidence(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] EvidenceValue Value,
    [property: Id(3)] DateOnly EffectiveFrom,
    [property: Id(4)] DateOnly ValidUntil,
    [property: Id(5)] EvidenceSource Source);

/// <summary>An application waiting for an officer: the tier applied for, the evidence it rests on, since when.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.application-view")]
public sealed record ApplicationView(
    [property: Id(0)] string Tier,
    [property: Id(1)] IReadOnlyList<string> EvidenceItemIds,
    [property: Id(2)] DateTimeOffset AppliedAt);

[JsonConverter(typeof(JsonStringEnumConverter<ApplicationVerdict>))]
public enum ApplicationVerdict
{
    [JsonStringEnumMemberName("approved")] Approved = 0,
    [JsonStringEnumMemberName("rejected")] Rejected = 1,
}

/// <summary>An officer's decision on the application of <see cref="CharterId"/> (<c>POST …/applications/{employerId}/decision</c>).</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.decide-application")]
public sealed record DecideApplication(
    [property: Id(0)] string CharterId,
    [property: Id(1)] ApplicationVerdict Verdict,
    [property: Id(2)] string? Note,
    [property: Id(3)] string DecidedBy,
    [property: Id(4)] string? SeenTier = null,
    [property: Id(5)] IReadOnlyList<string>? SeenEvidenceItemIds = null);

/// <summary>
/// The employer grain's officer-review face (the same grain as <see cref="IEmployerGrain"/>, through
/// <see cref="EmployerGrainKeys.GetEmployerReview"/>).
/// </summary>
public interface IEmployerReviewGrain : IGrainWithStringKey
{
    /// <summary>
    /// Decides the application waiting in the membership of <see cref="DecideApplication.CharterId"/>: approved, the tier
    /// applied for is held and the evidence it rests on kept as a snapshot; rejected, the application is closed (a new
    /// one is made when the evidence changes). NotFound for an unknown employer or membership; Conflict when no
    /// application waits. One state write; the membership as it is after.
    /// </summary>
    Task<Outcome<MembershipView>> DecideApplicationAsync(DecideApplication command);

    /// <summary>
    /// An officer verifies item <paramref name="itemId"/> as it stands: appends an officer-verified item with the same kind,
    /// value and dates (noted <c>verifies ev-n</c>; the locker stays append-only), which outranks the self-declared one, and
    /// moves any approval resting on the item onto the verified copy. NotFound for an unknown employer or item; Conflict for
    /// an item already verified or not in force today. One state write; the new item.
    /// </summary>
    Task<Outcome<EvidenceItemView>> VerifyEvidenceAsync(string itemId, string verifiedBy);

    /// <summary>
    /// A random sample of up to <paramref name="size"/> of the current items of the kinds the membership's charter version
    /// reads, for an officer to check. Changes nothing. NotFound for an unknown employer or no active membership.
    /// </summary>
    [Orleans.Concurrency.ReadOnly]
    Task<Outcome<EvidenceSample>> SampleEvidenceAsync(string charterId, int size);
}

/// <summary>A random sample of a member's current items of the kinds its charter reads (<see cref="Of"/> of them held).</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.evidence-sample")]
public sealed record EvidenceSample(
    [property: Id(0)] string CharterId,
    [property: Id(1)] string EmployerId,
    [property: Id(2)] int CharterVersion,
    [property: Id(3)] DateTimeOffset DrawnAt,
    [property: Id(4)] int Of,
    [property: Id(5)] IReadOnlyList<EvidenceItemView> Items);
