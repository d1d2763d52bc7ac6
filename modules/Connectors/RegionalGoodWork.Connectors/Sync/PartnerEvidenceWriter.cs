using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Connectors.Sync;

/// <summary>What a partner says one employer's value of one kind is.</summary>
internal sealed record PartnerFact(string EmployerId, string Kind, EvidenceValue Value, string? Note = null);

/// <summary>
/// Hands facts to the Employers module's partner intake (<see cref="IPartnerEvidenceGrain"/>), as the partner, but only
/// those that differ from the employer's current item of the kind — a current partner-verified item with the same value
/// means nothing to do — so a second run over the same data writes nothing.
/// </summary>
internal sealed class PartnerEvidenceWriter(IGrainFactory grains)
{
    private const int EmployersAtOnce = 32;

    public async Task<(int Changed, int Failed)> WriteAsync(string partnerId, IReadOnlyList<PartnerFact> facts)
    {
        var owed = new List<PartnerFact>();
        foreach (var wave in facts.GroupBy(f => f.EmployerId, StringComparer.Ordinal).Chunk(EmployersAtOnce))
        {
            foreach (var differing in await Task.WhenAll(wave.Select(DifferingAsync)))
            {
                owed.AddRange(differing);
            }
        }

        var (changed, failed) = (0, 0);
        foreach (var batch in owed.Chunk(PartnerEvidenceLimits.MaxItems))
        {
            var items = batch.Select(f => (PartnerItemInput?)new PartnerItemInput(f.EmployerId, null,
                EvidenceItemInput.Of(f.Kind, f.Value, note: f.Note))).ToList();
            var submitted = await grains.GetPartnerEvidence().SubmitAsync(new SubmitPartnerEvidence(partnerId, items, $"connector:{partnerId}"));
            if (submitted.Value is { } done)
            {
                changed += done.Accepted.Count;
                failed += done.Rejected.Count;
            }
            else
            {
                failed += batch.Length;
            }
        }

        return (changed, failed);
    }

    private async Task<IReadOnlyList<PartnerFact>> DifferingAsync(IGrouping<string, PartnerFact> employer)
    {
        var current = (await grains.GetEmployer(employer.Key).GetEvidenceAsync(history: false)).Value ?? [];
        return employer.Where(f => !current.Any(c => c.Current && c.Kind == f.Kind && c.Source == EvidenceSource.PartnerVerified && c.Value == f.Value))
            .ToList();
    }
}
