using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Taxonomy;

[GenerateSerializer]
internal sealed class TaxonomyState
{
    [Id(0)] public int Revision { get; set; }
}

[GrainType("taxonomy")]
internal sealed class TaxonomyGrain([PersistentState("taxonomy")] IPersistentState<TaxonomyState> state) : Grain, ITaxonomyGrain
{
    public Task PingAsync() => Task.FromResult(state.State.Revision);
}
