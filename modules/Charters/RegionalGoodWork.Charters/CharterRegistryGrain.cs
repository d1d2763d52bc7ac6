using RegionalGoodWork.Charters.Contracts;

namespace RegionalGoodWork.Charters;

[GenerateSerializer]
internal sealed class CharterRegistryState
{
    [Id(0)] public Dictionary<string, CharterListing> Charters { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The list of published charters (a few per region), told by each charter grain when it publishes.</summary>
[GrainType("charter-registry")]
internal sealed class CharterRegistryGrain([PersistentState("charter-registry")] IPersistentState<CharterRegistryState> state)
    : Grain, ICharterRegistryGrain
{
    public async Task RegisterAsync(CharterListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        if (state.State.Charters.TryGetValue(listing.Id, out var held) && held.LatestVersion > listing.LatestVersion)
        {
            return;
        }

        var previous = held;
        state.State.Charters[listing.Id] = listing;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            if (previous is null)
            {
                state.State.Charters.Remove(listing.Id);
            }
            else
            {
                state.State.Charters[listing.Id] = previous;
            }

            throw;
        }
    }

    public Task<IReadOnlyList<CharterListing>> ListAsync() =>
        Task.FromResult<IReadOnlyList<CharterListing>>(state.State.Charters.Values.OrderBy(c => c.Id, StringComparer.Ordinal).ToList());
}
