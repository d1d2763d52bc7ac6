using Orleans.Concurrency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers.Contracts;

/// <summary>
/// One employer (key: lowercase slug or Companies House number, see <see cref="EmployerIds"/>): its profile and
/// sites, its append-only evidence locker and its charter memberships with their assessed tiers. The source of truth
/// for all of these; charter member indexes and council indicators are views it tells after its own write.
/// Expected failures come back as <see cref="Problem"/> values: NotFound for an employer never defined, Invalid
/// (every problem at once) for bad input; nothing is stored on rejection.
/// </summary>
public interface IEmployerGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the profile (name, company number, SIC codes, sites). Every site's council must be known.</summary>
    Task<Outcome<EmployerProfileSaved>> DefineAsync(DefineEmployer command);

    [ReadOnly]
    Task<Outcome<EmployerProfile>> GetProfileAsync();

    /// <summary>
    /// Appends a batch of evidence items (all or nothing) and re-assesses every active membership in the same state
    /// write. The answer lists the new item ids and each membership's tier before and after.
    /// </summary>
    Task<Outcome<EvidenceSubmitted>> SubmitEvidenceAsync(SubmitEvidence command);

    /// <summary>
    /// The bulk import's call for one employer (<see cref="IEmployerImportGrain"/>): the profile (PUT semantics over the
    /// file's columns; SIC codes are kept as stored) and evidence items, checked by the same rules as
    /// <see cref="DefineAsync"/> and <see cref="SubmitEvidenceAsync"/>, and only what differs from what is stored — the
    /// profile when a field or a site differs, an item when no item of its kind with that value is in force today —
    /// written together in ONE state write: all or nothing. Answers true when something was written, false when the
    /// employer already said everything (nothing written). Invalid (the profile's fields as <c>name</c>,
    /// <c>companyNumber</c>, <c>sites[i]…</c>; the items' as <c>items[i]…</c>, indexed as sent) or Forbidden (a stored
    /// site outside <see cref="ImportEmployer.WithinCouncils"/>) with nothing written.
    /// </summary>
    Task<Outcome<bool>> ImportAsync(ImportEmployer command);

    /// <summary>The items in force today (the current value of each kind), or every item ever when <paramref name="history"/>.</summary>
    [ReadOnly]
    Task<Outcome<IReadOnlyList<EvidenceItemView>>> GetEvidenceAsync(bool history);

    /// <summary>
    /// Joins a charter (its latest published version) and assesses the membership. NotFound for an unknown charter,
    /// Conflict for a charter with no published version. Joining again while active changes nothing
    /// (<see cref="MembershipJoined.Created"/> false); joining after a withdrawal re-activates the membership.
    /// </summary>
    Task<Outcome<MembershipJoined>> JoinAsync(string charterId);

    /// <summary>Withdraws from a charter; the membership is kept with status withdrawn. NotFound when never joined.</summary>
    Task<Outcome<MembershipView>> WithdrawAsync(string charterId);

    /// <summary>Every membership, withdrawn ones included, ordered by charter id.</summary>
    [ReadOnly]
    Task<Outcome<IReadOnlyList<MembershipView>>> GetMembershipsAsync();

    /// <summary>
    /// The evidence still needed for the next tier of every active membership: each kind once, with the requirements
    /// it would advance, most useful first (requirements advanced, descending; then kind id).
    /// </summary>
    [ReadOnly]
    Task<Outcome<IReadOnlyList<EvidenceRequest>>> GetEvidenceRequestsAsync();

    /// <summary>
    /// The next-tier plan: the fewest evidence items (kind and a satisfying value) that lift the most active memberships
    /// to their next tier, and the lifts submitting them gives. Computed from today's evidence; changes nothing.
    /// </summary>
    [ReadOnly]
    Task<Outcome<NextTierPlan>> GetNextTierPlanAsync();

    /// <summary>
    /// The renewal calendar across every active membership: evidence expiries, pay-by dates and annual reviews, from the
    /// business date on, earliest first. With <paramref name="onlyCharters"/> (an officer's charters), only the memberships
    /// of those charters are read, so nothing of another charter shows. Changes nothing. NotFound for an unknown employer.
    /// </summary>
    [ReadOnly]
    Task<Outcome<EmployerCalendar>> GetCalendarAsync(IReadOnlyList<string>? onlyCharters = null);

    /// <summary>
    /// Re-assesses the active memberships as of now: moves each (or only <paramref name="charterId"/>'s) to its
    /// charter's latest published version, applies evidence that started or stopped being in force, tells the views
    /// what changed and re-arms the expiry reminder. The expiry reminder calls exactly this; a charter publishing a
    /// new version calls it for its members. Idempotent: nothing is written when nothing changed.
    /// </summary>
    Task<Outcome<IReadOnlyList<TierMove>>> ReassessAsync(string? charterId = null);

    /// <summary>
    /// Records what Companies House says of the employer's company (a partner's fact, shown on the profile; not evidence).
    /// Answers whether anything changed: a record saying the same as the stored one is not written (its check time
    /// included), so a re-run over the same data changes nothing. NotFound for an employer never defined.
    /// </summary>
    Task<Outcome<bool>> RecordCompaniesHouseAsync(CompaniesHouseRecord record);

    /// <summary>
    /// Records public contract awards naming the employer as a supplier (a partner's fact, not evidence), added to those
    /// held, matched by ocid and award id. Answers how many were new or said something new; when none did nothing is
    /// written, so a re-run over the same notices changes nothing. NotFound for an employer never defined.
    /// </summary>
    Task<Outcome<int>> RecordContractsAsync(IReadOnlyList<ContractAward> awards);

    /// <summary>The contract awards recorded for the employer, newest first. NotFound for an employer never defined.</summary>
    [ReadOnly]
    Task<Outcome<IReadOnlyList<ContractAward>>> GetContractsAsync();
}

/// <summary>What an employer id is: lowercase, a slug.</summary>
public static class EmployerIds
{
    /// <summary>Employer ids are lowercase (a slug, or a Companies House number such as <c>sc123456</c>).</summary>
    public static string Normalize(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Trim().ToLowerInvariant();
    }

    /// <summary>True for a well-formed (already normalized) employer id.</summary>
    public static bool IsValid(string? id) => Ids.IsSlug(id);
}

/// <summary>The one place that knows how Employers grains are keyed.</summary>
public static class EmployerGrainKeys
{
    /// <summary>The employer grain, keyed by the normalized employer id (<see cref="EmployerIds.Normalize"/>).</summary>
    public static IEmployerGrain GetEmployer(this IGrainFactory grains, string employerId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IEmployerGrain>(EmployerIds.Normalize(employerId));
    }

    /// <summary>The employer grain's officer-review face, keyed like the employer (<see cref="EmployerIds.Normalize"/>).</summary>
    public static IEmployerReviewGrain GetEmployerReview(this IGrainFactory grains, string employerId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IEmployerReviewGrain>(EmployerIds.Normalize(employerId));
    }

    /// <summary>The partner evidence intake (a stateless worker).</summary>
    public static IPartnerEvidenceGrain GetPartnerEvidence(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IPartnerEvidenceGrain>(0);
    }

    /// <summary>The bulk import worker (a stateless worker).</summary>
    public static IEmployerImportGrain GetEmployerImport(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IEmployerImportGrain>(0);
    }

    /// <summary>Every company number some employer claims (one directory: it changes only when a number is first claimed or last released).</summary>
    public static ICompanyNumberDirectoryGrain GetCompanyNumberDirectory(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ICompanyNumberDirectoryGrain>("all");
    }

    /// <summary>The employers claiming a company number, keyed by the number (<see cref="CompanyNumbers.Normalize"/>).</summary>
    public static ICompanyNumberGrain GetCompanyNumber(this IGrainFactory grains, string companyNumber)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ICompanyNumberGrain>(CompanyNumbers.Normalize(companyNumber));
    }
}
