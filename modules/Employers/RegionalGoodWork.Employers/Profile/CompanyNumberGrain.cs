using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Employers.Profile;

[GenerateSerializer]
internal sealed class CompanyNumberState
{
    [Id(0)] public List<string> Claimants { get; set; } = [];
}

/// <summary>
/// The employers claiming one company number (<see cref="ICompanyNumberGrain"/>). Writes only when the set changes. Lists
/// the number in the <see cref="ICompanyNumberDirectoryGrain"/> before any claim, and unlists it after the last release.
/// </summary>
[GrainType("company-number")]
internal sealed class CompanyNumberGrain(
    [PersistentState("company-number")] IPersistentState<CompanyNumberState> state) : Grain, ICompanyNumberGrain
{
    public async Task ClaimAsync(string employerId)
    {
        // The directory first (idempotent; it writes only when the number is new to it): a number is never claimed
        // without being listed. Also lists a number claimed before the directory existed, when it is claimed again.
        await GrainFactory.GetCompanyNumberDirectory().AddAsync(this.GetPrimaryKeyString());
        if (!state.State.Claimants.Contains(employerId, StringComparer.Ordinal))
        {
            state.State.Claimants.Add(employerId);
            await state.WriteOrReloadAsync(DeactivateOnIdle);
        }
    }

    public async Task ReleaseAsync(string employerId)
    {
        var at = state.State.Claimants.IndexOf(employerId);
        if (at >= 0)
        {
            state.State.Claimants.RemoveAt(at);
            await state.WriteOrReloadAsync(DeactivateOnIdle);
            if (state.State.Claimants.Count == 0)
            {
                await GrainFactory.GetCompanyNumberDirectory().RemoveAsync(this.GetPrimaryKeyString());
            }
        }
    }

    public Task<IReadOnlyList<string>> GetClaimantsAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Claimants.ToList());
}
