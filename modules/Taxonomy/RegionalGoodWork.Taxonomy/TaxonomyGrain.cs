using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Taxonomy;

[GenerateSerializer]
internal sealed class TaxonomyState
{
    /// <summary>Grows with every stored change; the catalogue revision.</summary>
    [Id(0)] public int Revision { get; set; }

    /// <summary>Kinds added or updated at run time; they overlay the shipped catalogue.</summary>
    [Id(1)] public Dictionary<string, EvidenceKind> Kinds { get; set; } = new(StringComparer.Ordinal);
}

[GrainType("taxonomy")]
internal sealed class TaxonomyGrain([PersistentState("taxonomy")] IPersistentState<TaxonomyState> state) : Grain, ITaxonomyGrain
{
    private EvidenceCatalogue? catalogue;

    public Task PingAsync() => Task.FromResult(state.State.Revision);

    public Task<EvidenceCatalogue> GetCatalogueAsync() => Task.FromResult(Catalogue);

    public Task<IReadOnlyList<Principle>> GetPrinciplesAsync() => Task.FromResult(Catalogue.Principles);

    public Task<IReadOnlyList<EvidenceKind>> GetKindsAsync() => Task.FromResult(Catalogue.Kinds);

    public Task<EvidenceKind?> GetKindAsync(string kindId) => Task.FromResult(Catalogue.FindKind(kindId));

    public async Task<Outcome<EvidenceKindSaved>> PutKindAsync(string kindId, string definitionJson)
    {
        ArgumentNullException.ThrowIfNull(kindId);
        ArgumentNullException.ThrowIfNull(definitionJson);
        var current = Catalogue;
        var read = EvidenceKindDefinition.Read(kindId, definitionJson, current.HasPrinciple, current.FindKind);
        if (read.Problem is { } invalid)
        {
            return invalid;
        }

        var kind = read.Value!;
        var existing = current.FindKind(kind.Id);
        if (existing is not null)
        {
            if (existing.Type != kind.Type)
            {
                return Problem.Conflict(
                    $"{kind.Id} is of type {existing.Type.ToWire()}; a kind's type never changes (values and charter thresholds already depend on it). Add a new kind instead.");
            }

            var removed = (existing.Choices ?? []).Except(kind.Choices ?? [], StringComparer.Ordinal).ToList();
            if (removed.Count > 0)
            {
                return Problem.Conflict($"{kind.Id} would lose the choice(s) {string.Join(", ", removed)}; choices can be added, never removed.");
            }

            if (existing.SameDefinitionAs(kind))
            {
                return Outcome<EvidenceKindSaved>.Ok(new EvidenceKindSaved(existing, false, state.State.Revision));
            }
        }

        var previous = state.State.Kinds.GetValueOrDefault(kind.Id);
        state.State.Kinds[kind.Id] = kind;
        state.State.Revision++;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing was stored: put memory back as storage has it.
            state.State.Revision--;
            if (previous is null)
            {
                state.State.Kinds.Remove(kind.Id);
            }
            else
            {
                state.State.Kinds[kind.Id] = previous;
            }

            throw;
        }

        catalogue = null;
        return Outcome<EvidenceKindSaved>.Ok(new EvidenceKindSaved(kind, existing is null, state.State.Revision));
    }

    private EvidenceCatalogue Catalogue => catalogue ??= Build(state.State);

    internal static EvidenceCatalogue Build(TaxonomyState stored)
    {
        var standard = StandardCatalogue.Value;
        var kinds = standard.Kinds
            .Select(k => stored.Kinds.GetValueOrDefault(k.Id) ?? k)
            .Concat(stored.Kinds.Values.Where(k => standard.FindKind(k.Id) is null).OrderBy(k => k.Id, StringComparer.Ordinal))
            .ToList();
        return new EvidenceCatalogue(stored.Revision, standard.Principles, kinds);
    }
}
