namespace RegionalGoodWork.Taxonomy.Contracts;

/// <summary>The single taxonomy grain: the ten principles and the catalogue of evidence kinds.</summary>
public interface ITaxonomyGrain : IGrainWithStringKey
{
    /// <summary>Activates the grain (reading its state from storage); used by the readiness check.</summary>
    Task PingAsync();
}

public static class TaxonomyGrainKeys
{
    public const string Single = "taxonomy";

    public static ITaxonomyGrain GetTaxonomy(this IGrainFactory grains) => grains.GetGrain<ITaxonomyGrain>(Single);
}
