using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Employers.Profile;

[GenerateSerializer]
internal sealed class CompanyNumberState
{
    [Id(0)] public List<string> Claimants { get; set; } = [];
}

/// <summary>The employers claiming one company number (<see cref="ICompanyNumberGrain"/>). Writes only when the set changes.</summary>
[GrainType("company-number")]
internal sealed class CompanyNumberGrain(
    [PersistentState("company-number")] IPersistentState<CompanyNumberState> state) : Grain, ICompanyNumberGrain
{
    public async Task ClaimAsync(string employerId)
    {
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
        }
    }

    public Task<IReadOnlyList<string>> GetClaimantsAsync() => Task.FromResult<IReadOnlyList<string>>(state.State.Claimants.ToList());
}
