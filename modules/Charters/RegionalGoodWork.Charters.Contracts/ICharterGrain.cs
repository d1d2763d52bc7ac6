using Orleans.Concurrency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>
/// One charter scheme (key: its slug, e.g. <c>gm-gec</c>): a draft, immutable numbered versions 1, 2, 3…, and the member
/// index (a derived view the Employers module keeps up to date).
/// </summary>
public interface ICharterGrain : IGrainWithStringKey
{
    /// <summary>
    /// Checks a definition (JSON) as a whole against the taxonomy and stores it as the draft. Invalid → a
    /// <see cref="ProblemKind.Invalid"/> problem listing every error, and nothing stored.
    /// </summary>
    Task<Outcome<CharterDefinition>> SaveDraftAsync(string definitionJson);

    /// <summary>The draft, or null when there is none.</summary>
    [ReadOnly]
    Task<CharterDefinition?> GetDraftAsync();

    /// <summary>
    /// Publishes the draft as the next version and clears the draft. No draft → <see cref="ProblemKind.Conflict"/> (409):
    /// there is nothing to publish. The draft is checked again against the current taxonomy.
    /// </summary>
    Task<Outcome<CharterVersion>> PublishAsync();

    /// <summary>
    /// Publishes the draft as the next version, in force from <paramref name="effectiveFrom"/> (a business date, today or
    /// later): it is stored at once, joiners join it from that date, and the existing members keep the version they are on
    /// until <paramref name="effectiveFrom"/> + <paramref name="gracePeriodDays"/>, then the charter's fan-out moves them
    /// (the charter's hand-over reminder wakes it on that date). A past date, a negative grace or a charter with no version
    /// yet (its first version applies when published) → <see cref="ProblemKind.Invalid"/> and nothing published.
    /// </summary>
    Task<Outcome<CharterVersion>> PublishScheduledAsync(DateOnly effectiveFrom, int gracePeriodDays);

    /// <summary>
    /// The version in force on the business date (the newest whose effective date has come): what a joiner joins.
    /// Null when none is published.
    /// </summary>
    [ReadOnly]
    Task<CharterVersion?> GetInForceAsync();

    /// <summary>
    /// The version the existing members are to be on by the business date (the newest whose effective date and grace
    /// period have passed): what a re-assessment moves a member to. Null when none is published.
    /// </summary>
    [ReadOnly]
    Task<CharterVersion?> GetForMembersAsync();

    /// <summary>A published version by number, or null. Versions never change: cache them by (charter, version).</summary>
    [ReadOnly]
    Task<CharterVersion?> GetVersionAsync(int version);

    /// <summary>The latest published version (possibly scheduled for a later date: see <see cref="GetInForceAsync"/>), or null when none is published.</summary>
    [ReadOnly]
    Task<CharterVersion?> GetLatestAsync();

    /// <summary>The latest published version number, 0 when none is published.</summary>
    [ReadOnly]
    Task<int> GetLatestVersionNumberAsync();

    /// <summary>The latest version and the list of version numbers, or null when none is published.</summary>
    [ReadOnly]
    Task<CharterOverview?> GetOverviewAsync();

    /// <summary>
    /// Records an employer's current tier in the member index. <paramref name="stamp"/> is the employer's state version:
    /// an update older than the stamp held for that employer is ignored (<see cref="ViewChange.Stale"/>), so redelivery
    /// is harmless. <paramref name="version"/> is the charter version the membership is assessed against: a member told
    /// on an older version than the latest (it joined while a version was being published) is re-assessed by the
    /// charter's fan-out. The index is written behind: the receipt says whether the employer's line is stored yet.
    /// </summary>
    Task<ViewReceipt> UpdateMemberAsync(string employerId, string? tier, DateTimeOffset since, long stamp, int version);

    /// <summary>Removes an employer from the member index unless a newer stamp is held (<see cref="ViewChange.Stale"/> then).</summary>
    Task<ViewReceipt> RemoveMemberAsync(string employerId, long stamp);

    /// <summary>The current members, ordered by employer id.</summary>
    [ReadOnly]
    Task<IReadOnlyList<CharterMember>> GetMembersAsync();

    /// <summary>
    /// What-if: assesses evidence values against a published version and changes nothing. The request is JSON
    /// <c>{version?, evidence: {kind: value}}</c> (the latest version when none is named). A malformed request →
    /// <see cref="ProblemKind.Invalid"/> with every error (keys <c>version</c>, <c>evidence.{kind}</c>); no such version →
    /// <see cref="ProblemKind.NotFound"/>.
    /// </summary>
    [ReadOnly]
    Task<Outcome<WhatIfAssessment>> AssessAsync(string requestJson);
}

/// <summary>The list of published charters, so listing never scans storage. Key: <see cref="CharterGrainKeys.Registry"/>.</summary>
public interface ICharterRegistryGrain : IGrainWithStringKey
{
    /// <summary>Adds or refreshes a charter's line (called by the charter grain when it publishes).</summary>
    Task RegisterAsync(CharterListing listing);

    [ReadOnly]
    Task<IReadOnlyList<CharterListing>> ListAsync();
}

/// <summary>
/// Computations over charters that belong to no one charter (a stateless worker: any silo, no state). Key: 0, through
/// <see cref="CharterGrainKeys.GetCharterAnalysis"/>.
/// </summary>
public interface ICharterAnalysisGrain : IGrainWithIntegerKey
{
    /// <summary>At most this many charters are aligned at once.</summary>
    public const int MaxAlignedCharters = 20;

    /// <summary>
    /// The alignment (crosswalk) of the latest versions of two to <see cref="MaxAlignedCharters"/> distinct charters. Fewer
    /// or more → <see cref="ProblemKind.Invalid"/> (key <c>charters</c>); a charter with no published version →
    /// <see cref="ProblemKind.NotFound"/> naming every such one.
    /// </summary>
    Task<Outcome<AlignmentReport>> AlignAsync(IReadOnlyList<string> charterIds);

    /// <summary>
    /// Reads a definition against the current taxonomy and stores nothing: every problem at once, as
    /// <see cref="ICharterGrain.SaveDraftAsync"/> reports them (including a <paramref name="charterId"/> that is not a slug,
    /// for which no charter grain is activated).
    /// </summary>
    Task<Outcome<CharterDefinition>> CheckDefinitionAsync(string charterId, string definitionJson);
}

public static class CharterGrainKeys
{
    public const string Registry = "charters";

    public static ICharterGrain GetCharter(this IGrainFactory grains, string charterId) => grains.GetGrain<ICharterGrain>(charterId);

    public static ICharterRegistryGrain GetCharterRegistry(this IGrainFactory grains) => grains.GetGrain<ICharterRegistryGrain>(Registry);

    /// <summary>An employer as the source of its member index lines (the employer grain, keyed by its employer id).</summary>
    public static IMemberIndexSource GetMemberIndexSource(this IGrainFactory grains, string employerId) => grains.GetGrain<IMemberIndexSource>(employerId);

    /// <summary>The applications waiting for the charter's officers (officer review), keyed by the charter id.</summary>
    public static ICharterApplicationsGrain GetCharterApplications(this IGrainFactory grains, string charterId) =>
        grains.GetGrain<ICharterApplicationsGrain>(charterId);

    public static ICharterAnalysisGrain GetCharterAnalysis(this IGrainFactory grains) => grains.GetGrain<ICharterAnalysisGrain>(0);

    /// <summary>The draft impact runner (a stateless worker).</summary>
    public static IDraftImpactGrain GetDraftImpact(this IGrainFactory grains) => grains.GetGrain<IDraftImpactGrain>(0);

    /// <summary>An employer as the one that assesses a draft against its evidence (the employer grain, keyed by its employer id).</summary>
    public static IDraftImpactSource GetDraftImpactSource(this IGrainFactory grains, string employerId) => grains.GetGrain<IDraftImpactSource>(employerId);
}
