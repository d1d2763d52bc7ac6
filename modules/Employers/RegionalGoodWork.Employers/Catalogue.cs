using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Evidence;
using RegionalGoodWork.SharedKernel;
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

    /// <summary>
    /// Validates a batch against the catalogue; a batch that fails is checked once more against a fresh copy, since a
    /// kind added or changed a moment ago may not be in this silo's copy yet.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<ValidEvidence>>> ValidateAsync(SubmitEvidence command, DateOnly today)
    {
        var validated = EvidenceBatch.Validate(command, await GetAsync(), today);
        return validated.IsOk ? validated : EvidenceBatch.Validate(command, await GetAsync(fresh: true), today);
    }

    private sealed record Entry(EvidenceCatalogue Catalogue, long FetchedAt);
}
