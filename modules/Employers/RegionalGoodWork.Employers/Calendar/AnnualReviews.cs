using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Employers.Calendar;

/// <summary>
/// <c>annual-review</c>: for each active membership, the next anniversary of joining (the UTC date of <c>JoinedAt</c>,
/// which a re-join after a withdrawal resets; 29 February falls on 28 February in other years) — today when it is
/// today, never the day of joining itself. Only the next one: the calendar shows what is known, and a year on the
/// following one takes its place.
/// </summary>
internal sealed class AnnualReviews : ICalendarSource
{
    public IEnumerable<CalendarEntry> Entries(CalendarFacts facts)
    {
        foreach (var membership in facts.Active)
        {
            var joined = DateOnly.FromDateTime(membership.JoinedAt.UtcDateTime);
            var review = NextAnniversary(joined, facts.Today);
            var name = facts.CharterName(membership.CharterId);
            var tier = membership.Assessment.Tier is { } held ? $"tier {held}" : "no tier yet";
            yield return new CalendarEntry(review, CalendarKinds.AnnualReview, [membership.CharterId],
                $"Annual review of your membership of {name} (joined {CalendarFacts.Day(joined)}, {tier}): " +
                "check that your evidence is current and still meets the charter.",
                membership.CharterId,
                $"Annual review: {name}");
        }
    }

    /// <summary>The first anniversary of <paramref name="joined"/> (one year on or later) that is on or after <paramref name="today"/>.</summary>
    internal static DateOnly NextAnniversary(DateOnly joined, DateOnly today)
    {
        var years = Math.Max(1, today.Year - joined.Year);
        var next = joined.AddYears(years);
        return next >= today ? next : joined.AddYears(years + 1);
    }
}
