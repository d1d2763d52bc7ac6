using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Employers.Profile;

[GenerateSerializer, Alias("rgw.employers.company-number-directory-state")]
internal sealed class CompanyNumberDirectoryState
{
    /// <summary>In ordinal order, each once.</summary>
    [Id(0)] public List<string> Numbers { get; set; } = [];
}

/// <summary>Every claimed company number (<see cref="ICompanyNumberDirectoryGrain"/>). Writes only when the set changes.</summary>
[GrainType("company-number-directory")]
internal sealed class CompanyNumberDirectoryGrain(
    [PersistentState("company-number-directory")] IPersistentState<CompanyNumberDirectoryState> state) : Grain, ICompanyNumberDirectoryGrain
{
    public async Task AddAsync(string companyNumber)
    {
        var number = CompanyNumbers.Normalize(companyNumber);
        var at = state.State.Numbers.BinarySearch(number, StringComparer.Ordinal);
        if (at < 0)
        {
            state.State.Numbers.Insert(~at, number);
            await state.WriteOrReloadAsync(DeactivateOnIdle);
        }
    }

    public async Task RemoveAsync(string companyNumber)
    {
        var at = state.State.Numbers.BinarySearch(CompanyNumbers.Normalize(companyNumber), StringComparer.Ordinal);
        if (at >= 0)
        {
            state.State.Numbers.RemoveAt(at);
            await state.WriteOrReloadAsync(DeactivateOnIdle);
        }
    }

    public Task<IReadOnlyList<string>> GetNumbersAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Numbers]);
}
