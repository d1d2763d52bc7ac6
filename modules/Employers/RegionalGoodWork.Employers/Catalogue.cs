using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Employers;

/// <summary>
/// The evidence catalogue as this silo last read it from the taxonomy grain, so a submission does not make a call to
/// that single grain each time. Refreshed when older than <see cref="MaxAge"/>, and on demand when a batch fails
/// validation (a kind added or changed a moment ago is then seen at once).
/// </summary>
internal sealed class CatalogueCache(IGrainFactory grains)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private Entry? entry;

    public async Task<EvidenceCatalogue> GetAsync(bool fresh = false)
    {
        var held = Volatile.Read(ref entry);
        if (!fresh && held is not null && Environment.TickCount64 - held.FetchedAt < MaxAge.TotalMilliseconds)
        {
            return held.Catalogue;
        }

        var catalogue = await grains.GetTaxonomy().GetCatalogueAsync();
        Volatile.Write(ref entry, new Entry(catalogue, Environment.TickCount64));
        return catalogue;
    }

    private sealed record Entry(EvidenceCatalogue Catalogue, long FetchedAt);
}
