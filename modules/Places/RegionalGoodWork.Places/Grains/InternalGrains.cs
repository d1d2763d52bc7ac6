using Orleans.Concurrency;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Contributions;
using RegionalGoodWork.Places.Indicators;
using RegionalGoodWork.Places.Official;

namespace RegionalGoodWork.Places.Grains;

/// <summary>What a council tells its region: everything the region needs to show it and roll it up.</summary>
[GenerateSerializer]
internal sealed class CouncilSummary
{
    [Id(0)] public string Code { get; set; } = "";

    [Id(1)] public string Name { get; set; } = "";

    /// <summary>The council's change counter (monotonic, time-based): the region keeps the highest it has seen.</summary>
    [Id(2)] public long Version { get; set; }

    [Id(3)] public ContributionTotals Totals { get; set; } = new();

    [Id(4)] public OfficialSeries Official { get; set; } = new();

    /// <summary>The council's yearly snapshots of its employer-derived figures (copy on write: shared, never changed).</summary>
    [Id(5)] public IndicatorYears Years { get; set; } = IndicatorYears.None;
}

/// <summary>The council grain's module-internal face: region membership, official data, the roll-up.</summary>
internal interface ILocalAuthorityRollupGrain : ILocalAuthorityGrain
{
    /// <summary>Joins a region (leaving any other unless <paramref name="onlyIfUnassigned"/>); null when not defined or declined.</summary>
    Task<CouncilSummary?> JoinRegionAsync(string regionCode, bool onlyIfUnassigned);

    /// <summary>Leaves the region if it is the one named.</summary>
    Task LeaveRegionAsync(string regionCode);

    /// <summary>Defines the council from the shipped geography unless it is already defined. True when it was defined now.</summary>
    Task<bool> SeedAsync(string name);

    /// <summary>Merges official figures; answers how many of them changed what was stored (0 for a repeat).</summary>
    Task<int> ImportOfficialAsync(IReadOnlyList<OfficialObservation> observations);

    /// <summary>
    /// What the council shows its region <paramref name="regionCode"/>; null unless it is defined and a member of it.
    /// Interleaves: the region reads its councils as it activates, maybe while a council is waiting on that region.
    /// </summary>
    [AlwaysInterleave]
    Task<CouncilSummary?> GetSummaryAsync(string regionCode);

    /// <summary>
    /// For the drift audit: the line the council holds for an employer — its contribution, a removal carrying the
    /// tombstone's stamp, or null when it holds nothing for it.
    /// </summary>
    [ReadOnly]
    Task<EmployerContribution?> GetContributionAsync(string employerId);

    /// <summary>
    /// For the drift audit: recomputes the totals from the contributions held (what they would be had every change been
    /// added and subtracted exactly) and, when the incremental ones differ, replaces them and tells the region. True when
    /// they differed. A second call changes nothing.
    /// </summary>
    Task<bool> RebuildTotalsAsync();

    /// <summary>
    /// Snapshots the council's employer-derived figures as they stand now as those of <paramref name="year"/>
    /// (<paramref name="yearEnd"/>: the year-end one, which nothing replaces; otherwise on demand, replacing an earlier
    /// on-demand one), stores it, and tells its region. A year that has its year-end snapshot keeps it (its region is
    /// still told, so a retry after a lost roll-up completes). False when the council is not defined.
    /// </summary>
    Task<bool> TakeSnapshotAsync(int year, bool yearEnd);
}

/// <summary>
/// The region grain's module-internal face. Roll-up calls interleave (they only replace one council's entry in
/// memory) so a council can call its region while the region is calling the council.
/// </summary>
internal interface IRegionRollupGrain : IRegionGrain
{
    /// <summary>Replaces a member council's totals when the version is newer. False when the council is not a member.</summary>
    [AlwaysInterleave]
    Task<bool> UpdateLocalAuthorityTotalsAsync(string localAuthority, long version, ContributionTotals totals);

    /// <summary>Adds or refreshes a member council (a new member is stored before returning; refreshed figures are written behind).</summary>
    [AlwaysInterleave]
    Task AddLocalAuthorityAsync(CouncilSummary summary);

    [AlwaysInterleave]
    Task RemoveLocalAuthorityAsync(string localAuthority);

    /// <summary>Merges official figures; answers how many of them changed what was stored (0 for a repeat).</summary>
    Task<int> ImportOfficialAsync(IReadOnlyList<OfficialObservation> observations);

    /// <summary>Defines the region from the shipped geography unless already defined; councils already in another region stay there.</summary>
    Task<bool> SeedAsync(string name, IReadOnlyList<string> localAuthorities);

    /// <summary>
    /// Snapshots the region's own employer-derived figures (its councils' totals summed now) as <paramref name="year"/>'s
    /// year-end figures, unless it has them already. Its councils are snapshotted first, by the year-end run.
    /// </summary>
    Task TakeYearEndSnapshotAsync(int year);
}

/// <summary>
/// Takes every council's and region's year-end snapshot once the business year has ended: a reminder (period
/// <c>Modules:Places:YearEndCheckPeriod</c>) looks at the business clock, so a silo that was down over New Year takes the
/// snapshot of the year that ended when it comes back. Remembers the last year done; a run that fails part-way is run
/// again at the next tick (each snapshot is taken once).
/// </summary>
internal interface IIndicatorYearEndGrain : IGrainWithStringKey
{
    public const string Key = "places";

    /// <summary>Arms the reminder (at silo start) and catches up if a year ended meanwhile.</summary>
    Task StartAsync();

    /// <summary>The last year whose year-end snapshots are all taken.</summary>
    [ReadOnly]
    Task<int> GetLastYearEndAsync();
}

/// <summary>The codes of the councils and regions on the platform.</summary>
[GenerateSerializer, Immutable]
internal sealed record PlacesCatalogue([property: Id(0)] IReadOnlyList<string> LocalAuthorities, [property: Id(1)] IReadOnlyList<string> Regions);

/// <summary>
/// The list of councils and regions defined on the platform (for the importer) and the shipped-geography marker.
/// Not on any per-employer path: employers ask the council grain itself.
/// </summary>
internal interface IPlacesDirectoryGrain : IRegionListGrain
{
    public new const string Key = IRegionListGrain.Key;

    [ReadOnly]
    Task<PlacesCatalogue> GetCatalogueAsync();

    Task RegisterLocalAuthorityAsync(string code);

    Task RegisterRegionAsync(string code);

    [ReadOnly]
    Task<string?> GetSeededVersionAsync();

    Task CompleteSeedAsync(string version, IReadOnlyList<string> localAuthorities, IReadOnlyList<string> regions);
}
