using Orleans.Concurrency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Taxonomy.Contracts;

/// <summary>
/// The single taxonomy grain: the ten principles and the catalogue of evidence kinds (the shipped catalogue overlaid
/// with kinds added or updated at run time, which persist).
/// </summary>
public interface ITaxonomyGrain : IGrainWithStringKey
{
    /// <summary>Activates the grain (reading its state from storage); used by the readiness check.</summary>
    Task PingAsync();

    /// <summary>The whole catalogue (principles + kinds) with its revision; immutable, safe to cache by revision.</summary>
    [ReadOnly]
    Task<EvidenceCatalogue> GetCatalogueAsync();

    [ReadOnly]
    Task<IReadOnlyList<Principle>> GetPrinciplesAsync();

    [ReadOnly]
    Task<IReadOnlyList<EvidenceKind>> GetKindsAsync();

    /// <summary>One kind, or null when unknown.</summary>
    [ReadOnly]
    Task<EvidenceKind?> GetKindAsync(string kindId);

    /// <summary>
    /// Adds or updates the kind <paramref name="kindId"/> from its definition, the JSON text of
    /// <c>PUT /api/v1/evidence-kinds/{kindId}</c> (api.md): the grain reads and checks it. Invalid (400, every field
    /// problem at once) for a bad definition; Conflict (409) when it would change the type of an existing kind or
    /// remove one of its choices (values already recorded would no longer fit). Nothing is stored on rejection.
    /// </summary>
    Task<Outcome<EvidenceKindSaved>> PutKindAsync(string kindId, string definitionJson);
}

public static class TaxonomyGrainKeys
{
    public const string Single = "taxonomy";

    public static ITaxonomyGrain GetTaxonomy(this IGrainFactory grains) => grains.GetGrain<ITaxonomyGrain>(Single);

    /// <summary>The key of the single wage-rates grain.</summary>
    public const string WageRates = "wage-rates";

    public static IWageRatesGrain GetWageRates(this IGrainFactory grains) => grains.GetGrain<IWageRatesGrain>(WageRates);
}
