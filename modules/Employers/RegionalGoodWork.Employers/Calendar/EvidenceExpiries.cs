using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Evidence;

namespace RegionalGoodWork.Employers.Calendar;

/// <summary>
/// <c>evidence-expires</c>: for each kind with a current item today, the first day nothing of that kind is in force — the
/// current item's <c>validUntil</c>, or later when items already reported take over without a gap (a renewal reported
/// ahead moves the entry, it does not duplicate it). Only kinds an active membership reads: a requirement of the
/// version it is on names the kind, or the current item is counted in its assessment now (an implied requirement).
/// </summary>
internal sealed class EvidenceExpiries : ICalendarSource
{
    public IEnumerable<CalendarEntry> Entries(CalendarFacts facts)
    {
        foreach (var (kind, item) in CurrentEvidence.On(facts.Evidence, facts.Today))
        {
            var charters = facts.Active
                .Where(m => Reads(facts, m, kind) || m.Assessment.Evidence.Values.Any(ids => ids.Contains(item.Id, StringComparer.Ordinal)))
                .Select(m => m.CharterId)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (charters.Count == 0)
            {
                continue;
            }

            var lapses = LapsesOn(facts.Evidence.Where(e => e.Kind == kind).ToList(), item.ValidUntil);
            var description = facts.Kinds.FindKind(kind)?.Description.TrimEnd('.', ' ');
            yield return new CalendarEntry(lapses, CalendarKinds.EvidenceExpires, charters,
                $"Your evidence {kind}{(description is null ? "" : $" ({description})")} stops counting on {CalendarFacts.Day(lapses)}: " +
                $"report it again before then to keep it counting for {facts.CharterNames(charters)}.",
                kind,
                $"Evidence expires: {kind}");
        }
    }

    private static bool Reads(CalendarFacts facts, Membership membership, string kind) =>
        facts.Versions.GetValueOrDefault(membership.CharterId) is { } version &&
        version.Definition.Requirements.Any(r => r.Rule.Kinds().Contains(kind, StringComparer.Ordinal));

    /// <summary>The first day from <paramref name="day"/> on with no item of the kind in force (items chained without a gap).</summary>
    internal static DateOnly LapsesOn(IReadOnlyList<EvidenceRecord> items, DateOnly day)
    {
        while (items.Where(i => i.InForceOn(day)).Select(i => (DateOnly?)i.ValidUntil).Max() is { } until && until > day)
        {
            day = until;
        }

        return day;
    }
}
