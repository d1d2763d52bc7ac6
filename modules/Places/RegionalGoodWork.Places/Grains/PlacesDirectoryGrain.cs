namespace RegionalGoodWork.Places.Grains;

[GenerateSerializer]
internal sealed class PlacesDirectoryState
{
    [Id(0)] public SortedSet<string> LocalAuthorities { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public SortedSet<string> Regions { get; set; } = new(StringComparer.Ordinal);

    [Id(2)] public string? SeededVersion { get; set; }
}

[GrainType("places-directory")]
internal sealed class PlacesDirectoryGrain([PersistentState("places-directory")] IPersistentState<PlacesDirectoryState> state) : Grain, IPlacesDirectoryGrain
{
    public Task<PlacesCatalogue> GetCatalogueAsync() =>
        Task.FromResult(new PlacesCatalogue([.. state.State.LocalAuthorities], [.. state.State.Regions]));

    public Task<IReadOnlyList<string>> GetRegionCodesAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Regions]);

    public Task RegisterLocalAuthorityAsync(string code) => state.State.LocalAuthorities.Add(code) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task RegisterRegionAsync(string code) => state.State.Regions.Add(code) ? state.WriteStateAsync() : Task.CompletedTask;

    public Task<string?> GetSeededVersionAsync() => Task.FromResult(state.State.SeededVersion);

    public Task CompleteSeedAsync(string version, IReadOnlyList<string> localAuthorities, IReadOnlyList<string> regions)
    {
        state.State.LocalAuthorities.UnionWith(localAuthorities);
        state.State.Regions.UnionWith(regions);
        state.State.SeededVersion = version;
        return state.WriteStateAsync();
    }
}
