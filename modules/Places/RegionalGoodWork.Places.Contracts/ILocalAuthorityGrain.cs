using Orleans.Concurrency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Places.Contracts;

/// <summary>
/// One council (key: ONS GSS code, e.g. <c>E08000003</c>): its name and region, the contribution of every
/// employer with staff there, fixed-size indicator totals kept incrementally, and official indicators by year.
/// </summary>
public interface ILocalAuthorityGrain : IGrainWithStringKey
{
    Task<Outcome<LocalAuthorityView>> GetAsync();

    /// <summary>True when the council is defined (shipped geography or PUT). Cheap; does not wait behind writes.</summary>
    [AlwaysInterleave]
    Task<bool> IsDefinedAsync();

    /// <summary>Defines or renames the council and (optionally) moves it into a region, which must exist.</summary>
    Task<Outcome<LocalAuthorityView>> DefineAsync(DefineLocalAuthority command);

    /// <summary>
    /// Records an employer's contribution (headcount 0 = removal) and updates the totals and the region's roll-up.
    /// Idempotent by <see cref="EmployerContribution.Stamp"/>. NotFound when the council is not defined;
    /// Invalid for impossible figures.
    /// </summary>
    Task<Outcome<ViewReceipt>> ApplyContributionAsync(EmployerContribution contribution);

    /// <summary>Applies many contributions (e.g. a rebuild or a bulk load) with one roll-up to the region.</summary>
    Task<Outcome<ContributionBatchResult>> ApplyContributionsAsync(IReadOnlyList<EmployerContribution> contributions);

    /// <summary>Takes an employer out of the council; same as a contribution with headcount 0.</summary>
    Task<Outcome<ViewReceipt>> RemoveContributionAsync(string employerId, long stamp);

    /// <summary>Every employer the council holds a stamp for (for the background recomputation).</summary>
    Task<IReadOnlyList<Contributor>> GetContributorsAsync();

    /// <summary>
    /// Compares the incremental totals and held contributions with contributions freshly computed from the
    /// employer grains for this council; logs any drift and returns the report. Changes nothing.
    /// </summary>
    Task<Outcome<DriftReport>> CheckDriftAsync(IReadOnlyList<EmployerContribution> recomputed);

    /// <summary>The council's indicators for a year: employer-derived figures for the current year, official ones when imported.</summary>
    Task<Outcome<IndicatorSet>> GetIndicatorsAsync(int year);

    /// <summary>The same as CSV (suppressed values empty, with a suppressed column).</summary>
    Task<Outcome<string>> GetIndicatorsCsvAsync(int year);
}
