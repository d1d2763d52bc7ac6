using Orleans.Concurrency;
using RegionalGoodWork.BuildingBlocks;

namespace RegionalGoodWork.Employers.Evidence;

/// <summary>
/// One page of an employer's archived evidence (key <c>{employerId}/{n}</c>, n from 1): items that can never again be their
/// kind's current value, moved out of the employer's state in one batch so that a submission writes a state whose size does
/// not grow with the employer's past. Written by the employer before the state write that drops its items (a crash between
/// leaves them in both; the employer writes the same page number again with its next batch, replacing it), then only read.
/// </summary>
internal interface IEvidenceArchivePageGrain : IGrainWithStringKey
{
    /// <summary>Stores the page (replacing what a page of this number held: one whose state write did not follow).</summary>
    Task StoreAsync(IReadOnlyList<EvidenceRecord> items);

    [ReadOnly]
    Task<IReadOnlyList<EvidenceRecord>> ReadAsync();
}

[GenerateSerializer, Alias("rgw.employers.evidence-archive-page")]
internal sealed class EvidenceArchivePageState
{
    [Id(0)] public List<EvidenceRecord> Items { get; set; } = [];
}

[GrainType("evidence-archive")]
internal sealed class EvidenceArchivePageGrain(
    [PersistentState("evidence-archive")] IPersistentState<EvidenceArchivePageState> state) : Grain, IEvidenceArchivePageGrain
{
    public async Task StoreAsync(IReadOnlyList<EvidenceRecord> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        state.State.Items = [.. items];
        await state.WriteOrReloadAsync(DeactivateOnIdle);
    }

    public Task<IReadOnlyList<EvidenceRecord>> ReadAsync() => Task.FromResult<IReadOnlyList<EvidenceRecord>>(state.State.Items);
}

internal static class EmployersInternalGrainKeys
{
    /// <summary>Page <paramref name="page"/> (1, 2, …) of an employer's archived evidence.</summary>
    public static IEvidenceArchivePageGrain GetEvidenceArchivePage(this IGrainFactory grains, string employerId, int page) =>
        grains.GetGrain<IEvidenceArchivePageGrain>($"{employerId}/{page}");
}

/// <summary>Which items may leave the employer's state for the archive (pure).</summary>
internal static class EvidenceArchive
{
    /// <summary>
    /// The items that are not their kind's current value on any day from <paramref name="from"/> on — whatever the business
    /// date becomes later, they never count again, nor raise an expiry (<see cref="Events.EmployerEvents.Expiries"/> looks only
    /// at items current on their last day): those no longer in force by then (<c>validUntil ≤ from</c>), and those outranked
    /// (<see cref="CurrentEvidence.Outranks"/>) over all of their remaining days by one other item of their kind. Oldest first.
    /// </summary>
    public static List<EvidenceRecord> Superseded(IReadOnlyList<EvidenceRecord> items, DateOnly from)
    {
        var byKind = items.GroupBy(i => i.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var superseded = new List<EvidenceRecord>();
        foreach (var item in items)
        {
            if (item.ValidUntil <= from)
            {
                superseded.Add(item);
                continue;
            }

            var start = item.EffectiveFrom > from ? item.EffectiveFrom : from;
            if (byKind[item.Kind].Any(other => !ReferenceEquals(other, item) && other.EffectiveFrom <= start &&
                                               other.ValidUntil >= item.ValidUntil && CurrentEvidence.Outranks(other, item)))
            {
                superseded.Add(item);
            }
        }

        return superseded;
    }
}
