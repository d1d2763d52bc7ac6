using System.Globalization;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Employers.Calendar;

/// <summary>
/// <c>pay-by</c>: the annual uplift's dates, read from each active membership's assessment (<c>DueBy</c>, the evaluator's
/// rule: requirements met today that an announced wage rate fails on its pay-by date). One entry per date, kind and rate,
/// naming every charter and requirement it keeps.
/// </summary>
internal sealed class PayByDates : ICalendarSource
{
    public IEnumerable<CalendarEntry> Entries(CalendarFacts facts) =>
        facts.Active
            .SelectMany(m => m.Assessment.Due.Select(d => (Membership: m, Due: d)))
            .GroupBy(x => (x.Due.Date, x.Due.Kind, x.Due.Rate))
            .Select(g =>
            {
                var charters = g.Select(x => x.Membership.CharterId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                var kept = g.OrderBy(x => x.Membership.CharterId, StringComparer.Ordinal).ThenBy(x => x.Due.RequirementId, StringComparer.Ordinal)
                    .Select(x => $"\"{Title(facts, x.Membership.CharterId, x.Due.RequirementId)}\" ({facts.CharterName(x.Membership.CharterId)})")
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                var rate = g.Key.Rate.ToString("0.00", CultureInfo.InvariantCulture);
                return new CalendarEntry(g.Key.Date, CalendarKinds.PayBy, charters,
                    $"A new wage rate applies from {CalendarFacts.Day(g.Key.Date)}: pay at least £{rate} an hour by then and report it as " +
                    $"{g.Key.Kind}, or {CalendarFacts.Join(kept)} is no longer met.",
                    $"{g.Key.Kind}@{rate}",
                    $"Pay-by date: at least £{rate} an hour");
            });

    private static string Title(CalendarFacts facts, string charterId, string requirementId) =>
        facts.Versions.GetValueOrDefault(charterId)?.Definition.FindRequirement(requirementId)?.Title ?? requirementId;
}
