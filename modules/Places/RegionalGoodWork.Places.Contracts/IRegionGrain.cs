using Orleans.Concurrency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Places.Contracts;

/// <summary>
/// One region (key: combined authority GSS code, <c>E61000001</c> for Greater London): its councils and their
/// rolled-up totals, official indicators by year and the Good Work index. Reads are one grain call.
/// </summary>
public interface IRegionGrain : IGrainWithStringKey
{
    Task<Outcome<RegionView>> GetAsync();

    [AlwaysInterleave]
    Task<bool> IsDefinedAsync();

    /// <summary>
    /// Defines or renames the region and sets its councils (all must be defined). A council listed here leaves
    /// any other region; a council of this region not listed leaves it.
    /// </summary>
    Task<Outcome<RegionView>> DefineAsync(DefineRegion command);

    Task<Outcome<RegionIndicatorSet>> GetIndicatorsAsync(int year);

    Task<Outcome<string>> GetIndicatorsCsvAsync(int year);

    Task<Outcome<IReadOnlyList<GoodWorkIndexEntry>>> GetGoodWorkIndexAsync(int year);

    /// <summary>
    /// Takes an on-demand snapshot of the current (business) year's employer-derived figures of the region and each of its
    /// councils, replacing an earlier on-demand one of the year. Conflict when the year already has its year-end snapshot.
    /// </summary>
    Task<Outcome<IndicatorSnapshotReceipt>> TakeSnapshotAsync();

    /// <summary>The years snapshotted for the region and for each of its councils.</summary>
    Task<Outcome<IndicatorSnapshots>> GetSnapshotsAsync();
}

/// <summary>
/// The regions defined on the platform, as a list for people to choose from (the portal's home page). Read-only; the
/// places directory answers it, off every per-employer path.
/// </summary>
public interface IRegionListGrain : IGrainWithStringKey
{
    public const string Key = "places";

    /// <summary>The codes of every region defined on the platform (shipped geography and PUT), in code order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetRegionCodesAsync();
}
