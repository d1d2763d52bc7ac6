using Orleans.Concurrency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>
/// The applications waiting for a charter's officers (charters under officer review, <see cref="CharterDefinition.ReviewedByOfficer"/>):
/// a derived view told by the employers, like the member index, so listing never scans employers. Key: the charter id,
/// through <see cref="CharterGrainKeys.GetCharterApplications"/>.
/// </summary>
public interface ICharterApplicationsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records the employer's waiting application (<paramref name="application"/> null: none waits any more).
    /// <paramref name="stamp"/> is the employer's state version: an older one than held is ignored
    /// (<see cref="ViewChange.Stale"/>), the same one again is a redelivery. The receipt says whether it is stored.
    /// </summary>
    Task<ViewReceipt> UpdateAsync(string employerId, CharterApplication? application, long stamp);

    /// <summary>The applications waiting, oldest first.</summary>
    [ReadOnly]
    Task<IReadOnlyList<CharterApplication>> ListAsync();
}

/// <summary>
/// An employer's application waiting for an officer: the <see cref="Tier"/> its evidence reaches, above the
/// <see cref="ApprovedTier"/> it holds (or the tier it holds again, when the evidence an approval rested on was superseded
/// or expired: <see cref="ReviewDue"/>), the evidence items it rests on, and since when it waits.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.application")]
public sealed record CharterApplication(
    [property: Id(0)] string EmployerId,
    [property: Id(1)] string Tier,
    [property: Id(2)] string? ApprovedTier,
    [property: Id(3)] IReadOnlyList<string> EvidenceItemIds,
    [property: Id(4)] DateTimeOffset AppliedAt,
    [property: Id(5)] bool ReviewDue,
    [property: Id(6)] int CharterVersion);
