using Orleans.Concurrency;

namespace RegionalGoodWork.Connectors.Contracts;

/// <summary>
/// The employers flagged for one region's officers (key: the region's GSS code): those with a site in one of the region's
/// councils whose company Companies House gives as not active (<c>dissolved</c>) or does not know (<c>unknown</c>). Kept by
/// the <c>companies-house</c> connector: each successful run replaces every region's list it touches with what it found,
/// so an employer whose company is active again (or that no longer works in the region) drops off.
/// </summary>
public interface IFlaggedEmployersGrain : IGrainWithStringKey
{
    /// <summary>The list, employer ids in order; empty (never-updated <see cref="FlaggedEmployers.UpdatedAt"/>) until a run has flagged someone here.</summary>
    [ReadOnly]
    Task<FlaggedEmployers> GetAsync();

    /// <summary>
    /// Replaces the list with <paramref name="flagged"/> as a run finished at <paramref name="at"/> found it. An employer
    /// still flagged the same way keeps the time it was first flagged.
    /// </summary>
    Task ReplaceAsync(IReadOnlyList<RegionFlaggedEmployer> flagged, DateTimeOffset at);
}

/// <summary>A region's flagged employers as the last run that touched it left them (<see cref="UpdatedAt"/>: that run's end).</summary>
[GenerateSerializer, Immutable, Alias("rgw.connectors.flagged-employers")]
public sealed record FlaggedEmployers(
    [property: Id(0)] string RegionCode,
    [property: Id(1)] DateTimeOffset? UpdatedAt,
    [property: Id(2)] IReadOnlyList<RegionFlaggedEmployer> Employers);

/// <summary>
/// One flagged employer of a region: <see cref="Flag"/> why (<c>dissolved</c>: Companies House gives <see cref="Status"/>;
/// <c>unknown</c>: Companies House does not know <see cref="CompanyNumber"/>), <see cref="FlaggedSince"/> when a run first
/// found it so (and it has stayed so since), <see cref="CheckedAt"/> when Companies House last said so.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.connectors.region-flagged-employer")]
public sealed record RegionFlaggedEmployer(
    [property: Id(0)] string EmployerId,
    [property: Id(1)] string? Name,
    [property: Id(2)] string CompanyNumber,
    [property: Id(3)] string Flag,
    [property: Id(4)] string? Status,
    [property: Id(5)] DateTimeOffset FlaggedSince,
    [property: Id(6)] DateTimeOffset CheckedAt);
