namespace RegionalGoodWork.Places.Grains;

[GenerateSerializer]
internal sealed class PlacesDirectoryState
{
    [Id(0)] public SortedSet<string> Councils { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public SortedSet<string> Regions { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public string? SeededVersion { get; set; }
}

[GrainType("places-directory")]
internal sealed class PlacesDirectoryGrain([PersistentState("places-directory")] IPersistentState<PlacesDirectoryState> state) : Grain, IPlacesDirectoryGrain
{
    public Task<PlacesCatalogue> GetCatalogueAsync() =>
        Task.FromResult(new PlacesCatalogue([.. state.State.Councils], [.. state.State.Regions]));

    public Task RegisterCouncilAsync(string code) => state.State.Councils.Add(code) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task RegisterRegionAsync(string code) => state.State.Regions.Add(code) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task<string?> GetSeededVersionAsync() => Task.FromResult(state.State.SeededVersion);

    public Task CompleteSeedAsync(string version, IReadOnlyList<string> councils, IReadOnlyList<string> regions)
    {
        state.State.Councils.UnionWith(councils);
        state.State.Regions.UnionWith(regions);
        state.State.SeededVersion = version;
        return state.WriteStateAsync();
    }
}
