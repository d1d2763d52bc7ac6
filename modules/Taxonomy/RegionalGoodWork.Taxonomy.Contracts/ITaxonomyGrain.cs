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
    /// Adds or updates a kind. 400 (Invalid, every field problem at once) for a bad definition; 409 (Conflict) when it
    /// would change the type of an existing kind or remove one of its choices (values already recorded would no longer
    /// fit). Nothing is stored on rejection.
    /// </summary>
    Task<Outcome<EvidenceKindSaved>> PutKindAsync(EvidenceKind kind);
}

public static class TaxonomyGrainKeys
{
    public const string Single = "taxonomy";

    public static ITaxonomyGrain GetTaxonomy(this IGrainFactory grains) => grains.GetGrain<ITaxonomyGrain>(Single);
}
