using Orleans.Concurrency;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters;

/// <summary>
/// The alignment of charters and the check of a definition that is to be stored nowhere: pure computations over the
/// charters' published versions and the taxonomy, so a stateless worker (as many activations as the load needs, no state).
/// </summary>
[StatelessWorker]
[GrainType("charter-analysis")]
internal sealed class CharterAnalysisGrain(PlatformClock clock) : Grain, ICharterAnalysisGrain
{
    public async Task<Outcome<AlignmentReport>> AlignAsync(IReadOnlyList<string> charterIds)
    {
        ArgumentNullException.ThrowIfNull(charterIds);
        var ids = charterIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count < 2)
        {
            return Invalid("charters", "Name at least two charters: ?charters=gm-gec,london-gws.");
        }

        if (ids.Count > ICharterAnalysisGrain.MaxAlignedCharters)
        {
            return Invalid("charters", $"At most {ICharterAnalysisGrain.MaxAlignedCharters} charters at once.");
        }

        var versions = await Task.WhenAll(ids.Select(id =>
            Ids.IsSlug(id) ? GrainFactory.GetCharter(id).GetLatestAsync() : Task.FromResult<CharterVersion?>(null)));
        var unknown = ids.Where((_, i) => versions[i] is null).ToList();
        if (unknown.Count > 0)
        {
            return new Problem(ProblemKind.NotFound, "Unknown charter",
                $"No published charter {string.Join(", ", unknown.Select(u => $"'{u}'"))}.");
        }

        var catalogue = await GrainFactory.GetTaxonomy().GetCatalogueAsync();
        // Rate leaves compare by the rates in force today, implications limited in time apply as today.
        var rates = new AlignmentRates(await GrainFactory.GetWageRates().GetTableAsync(), clock.Today);
        return Outcome<AlignmentReport>.Ok(CharterAlignment.Align(versions.Select(v => v!).ToList(), catalogue, rates));
    }

    public async Task<Outcome<CharterDefinition>> CheckDefinitionAsync(string charterId, string definitionJson)
    {
        var catalogue = await GrainFactory.GetTaxonomy().GetCatalogueAsync();
        return CharterDefinitionJson.Read(charterId ?? string.Empty, definitionJson ?? string.Empty, catalogue);
    }

    private static Problem Invalid(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return Problem.Invalid(errors);
    }
}
