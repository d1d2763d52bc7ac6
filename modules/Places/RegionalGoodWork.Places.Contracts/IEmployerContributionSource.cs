using Orleans.Concurrency;
using RegionalGoodWork.SharedKernel;

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

    /// <summary>
    /// The audit found council <paramref name="localAuthority"/> holding <paramref name="held"/> for this employer (null:
    /// no line; a removal: a tombstone with its stamp), read before this call. The employer compares it with what it says
    /// the council should hold now and puts the council right through its ordinary stamped update: told again
    /// (<see cref="ViewRepair.Retell"/>), or issued again under a new stamp above the held one (<see cref="ViewRepair.Reissue"/>;
    /// one state write of the employer, also for an employer that does not exist, which then tells a removal). Returns
    /// what it did; <see cref="ViewRepair.InSync"/> changes nothing, so asking twice is harmless.
    /// </summary>
    Task<ViewRepair> RepairContributionAsync(string localAuthority, EmployerContribution? held);
}
