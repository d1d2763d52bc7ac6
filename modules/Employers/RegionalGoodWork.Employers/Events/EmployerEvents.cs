using RegionalGoodWork.Employers.Evidence;
using RegionalGoodWork.Webhooks.Contracts;

namespace RegionalGoodWork.Employers.Events;

/// <summary>
/// The webhook events one change of an employer raises (pure): they are put in the state's outbox
/// (<see cref="EmployerState.EventsOwed"/>) before the write that makes them true, and handed to the Webhooks module after it.
/// </summary>
internal static class EmployerEvents
{
    /// <summary>
    /// <c>membership.tier-changed</c> for every active membership whose tier is not the one it held before the change
    /// (<paramref name="tiersBefore"/>; a membership joined by this change held none): joining with a tier met raises it,
    /// joining with none or withdrawing does not (withdrawing is not a tier change).
    /// </summary>
    public static IEnumerable<WebhookEvent> TierChanges(
        string employerId, IReadOnlyDictionary<string, string?> tiersBefore, IEnumerable<Membership> memberships, DateTimeOffset now) =>
        memberships
            .Where(m => m.IsActive && m.Assessment.Tier != tiersBefore.GetValueOrDefault(m.CharterId))
            .OrderBy(m => m.CharterId, StringComparer.Ordinal)
            .Select(m => WebhookEvent.MembershipTierChanged(employerId, m.CharterId, m.CharterVersion, tiersBefore.GetValueOrDefault(m.CharterId), m.Assessment.Tier, now));

    /// <summary>
    /// <c>evidence.expired</c> for every item whose last day in force is after <paramref name="notedThrough"/> and before
    /// <paramref name="today"/> (its <c>validUntil</c> has come), that was its kind's current item on its last day and was not
    /// followed by another item of the kind in force the next day (renewed in time, nothing lapsed).
    /// </summary>
    public static IEnumerable<WebhookEvent> Expiries(
        string employerId, IReadOnlyList<EvidenceRecord> evidence, DateOnly notedThrough, DateOnly today, DateTimeOffset now) =>
        evidence
            .Where(e => e.ValidUntil > notedThrough && e.ValidUntil <= today)
            .Where(e => CurrentEvidence.On(evidence, e.ValidUntil.AddDays(-1)).GetValueOrDefault(e.Kind)?.Id == e.Id)
            .Where(e => !CurrentEvidence.On(evidence, e.ValidUntil).ContainsKey(e.Kind))
            .OrderBy(e => e.ValidUntil).ThenBy(e => e.Sequence)
            .Select(e => WebhookEvent.EvidenceExpired(employerId, e.Id, e.Kind, e.ValidUntil, now))
            .ToList();
}
