using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Access.Contracts;

namespace RegionalGoodWork.Access;

[GenerateSerializer]
internal sealed class DataProtectionKeysState
{
    /// <summary>Element name → XML, in the order stored.</summary>
    [Id(0)] public List<KeyValuePair<string, string>> Elements { get; set; } = [];
}

/// <summary>The data-protection key ring (<see cref="IDataProtectionKeysGrain"/>): a handful of small elements a year.</summary>
[GrainType("data-protection-keys")]
internal sealed class DataProtectionKeysGrain(
    [PersistentState("data-protection-keys")] IPersistentState<DataProtectionKeysState> state) : Grain, IDataProtectionKeysGrain
{
    public Task<IReadOnlyList<string>> GetAllAsync() =>
        Task.FromResult<IReadOnlyList<string>>(state.State.Elements.Select(e => e.Value).ToList());

    public async Task StoreAsync(string name, string xml)
    {
        if (state.State.Elements.Any(e => e.Key == name))
        {
            return;
        }

        state.State.Elements.Add(new(name, xml));
        await state.WriteOrReloadAsync(DeactivateOnIdle);
    }
}
