using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Employers.Calendar;

/// <summary>
/// <c>version-moves</c>: for each active membership whose charter has published a newer version than the one it is on, the
/// business date its members move to it (<c>effectiveFrom</c> + the grace period: <see cref="Charters.Contracts.CharterVersion.MembersMoveOn"/>),
/// when that is still ahead — from that day the membership is assessed against the new requirements.
/// </summary>
internal sealed class VersionMoves : ICalendarSource
{
    public IEnumerable<CalendarEntry> Entries(CalendarFacts facts)
    {
        foreach (var membership in facts.Active)
        {
            if (facts.Latest.GetValueOrDefault(membership.CharterId) is not { } latest || latest.Version <= membership.CharterVersion)
            {
                continue;
            }

            var name = facts.CharterName(membership.CharterId);
            var inForce = latest.InForceFrom < latest.MembersMoveOn
                ? $" (in force for new members from {CalendarFacts.Day(latest.InForceFrom)}; your grace period ends that day)"
                : "";
            yield return new CalendarEntry(latest.MembersMoveOn, CalendarKinds.VersionMoves, [membership.CharterId],
                $"Your membership of {name} moves from version {membership.CharterVersion} to version {latest.Version} on " +
                $"{CalendarFacts.Day(latest.MembersMoveOn)}{inForce}: from then it is assessed against the new requirements, so check them before.",
                membership.CharterId,
                $"{name}: version {latest.Version} applies to you");
        }
    }
}

/// <summary>
/// <c>review-due</c>: for each active membership whose tier an officer approved (officer review), the first day an item the
/// approval rests on stops being in force — from that day the membership says "review due" and a new decision is needed. A
/// review already due is not repeated (it is due now, not on a date ahead).
/// </summary>
internal sealed class ReviewDates : ICalendarSource
{
    public IEnumerable<CalendarEntry> Entries(CalendarFacts facts)
    {
        foreach (var membership in facts.Active)
        {
            if (membership.Review is not { ApprovedTier: { } tier, Due: false } review || review.Snapshot.Count == 0)
            {
                continue;
            }

            var first = review.Snapshot.MinBy(e => e.ValidUntil)!;
            var name = facts.CharterName(membership.CharterId);
            yield return new CalendarEntry(first.ValidUntil, CalendarKinds.ReviewDue, [membership.CharterId],
                $"The officer's approval of {tier} in {name} rests on your evidence {first.Kind} ({first.Id}), which stops being in " +
                $"force on {CalendarFacts.Day(first.ValidUntil)}: report it again before then; the new item will need the officer's decision.",
                membership.CharterId,
                $"{name}: officer review due");
        }
    }
}
