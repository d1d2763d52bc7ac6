using Orleans.Concurrency;

namespace RegionalGoodWork.Places.Contracts;

/// <summary>
/// What Places needs from the source of truth to audit its incremental totals: an employer recomputes, from its own
/// state, what it contributes to each council now. Declared here (the consumer) and implemented by the Employers
/// module's employer grain, so Places depends on no other module. Same key as the employer grain.
/// </summary>
public interface IEmployerContributionSource : IGrainWithStringKey
{
    /// <summary>
    /// The employer's contribution to each council it has staff in (keyed by GSS code), freshly computed from its
    /// sites, memberships and the evidence in force now, stamped with its latest contribution stamp. Empty for an
    /// unknown employer.
    /// </summary>
    [ReadOnly]
    Task<Dictionary<string, EmployerContribution>> RecomputeContributionsAsync();
}
