using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Places.Contributions;

/// <summary>
/// Compares what a council holds (its contributions and its incrementally kept totals) with contributions freshly
/// computed from the employer grains. Pure: the Employers module supplies the recomputation.
/// Where the council holds a newer stamp than the recomputation (an update raced the check), the council's
/// contribution is taken as the truth for that employer, so a race is not reported as drift.
/// </summary>
internal static class DriftCheck
{
    public const int MaxListed = 100;

    public static DriftReport Compare(string area, CouncilLedger held, IEnumerable<EmployerContribution> recomputed)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(recomputed);
        var fresh = recomputed.Where(c => !c.IsRemoval)
            .GroupBy(c => c.EmployerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(c => c.Stamp)!, StringComparer.Ordinal);

        var employers = new List<EmployerDrift>();
        var truth = new List<EmployerContribution>();
        foreach (var (id, f) in fresh.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            held.Contributions.TryGetValue(id, out var h);
            if (h is not null && h.Stamp > f.Stamp)
            {
                truth.Add(h);
                continue;
            }

            truth.Add(f);
            if (h is null)
            {
                var removed = held.Removed.TryGetValue(id, out var stamp) ? $" (removed at stamp {stamp})" : "";
                employers.Add(new(id, DriftKind.Missing, $"Not counted here{removed}; the employer has {f.Headcount} staff here at stamp {f.Stamp}."));
            }
            else if (h.Stamp < f.Stamp)
            {
                employers.Add(new(id, DriftKind.Behind, $"Held stamp {h.Stamp}, employer at stamp {f.Stamp}."));
            }
            else if (!h.SameContentAs(f))
            {
                employers.Add(new(id, DriftKind.Different, $"Same stamp {f.Stamp}, different figures (held headcount {h.Headcount}, fresh {f.Headcount})."));
            }
        }

        foreach (var (id, h) in held.Contributions.Where(h => !fresh.ContainsKey(h.Key)).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            employers.Add(new(id, DriftKind.Unexpected, $"Counted here (headcount {h.Headcount}, stamp {h.Stamp}) but the employer has no staff here."));
        }

        var incremental = held.Totals.Measures();
        var expected = ContributionTotals.From(truth).Measures();
        var totals = incremental.Keys.Union(expected.Keys).Order(StringComparer.Ordinal)
            .Select(k => new TotalDrift(k, incremental.GetValueOrDefault(k), expected.GetValueOrDefault(k)))
            .Where(d => d.Incremental != d.Recomputed)
            .ToList();

        return new DriftReport(area, fresh.Count, employers.Take(MaxListed).ToList(), totals);
    }
}
