using Microsoft.Extensions.Logging;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Review;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Webhooks.Contracts;

namespace RegionalGoodWork.Employers.Views;

/// <summary>
/// The employer's outbox for its derived views: what each view (a council's ledger, a charter's member index) should
/// hold for this employer, stamped with the state write that decided it, and the highest stamp each view confirmed.
/// Both live in <see cref="EmployerState"/>, so what is owed is persisted with the change that made it owed. One
/// mechanism for every kind of view: a <see cref="ViewChannel{TEntry}"/> per kind, told the same way.
/// </summary>
internal sealed class ViewOutbox
{
    private readonly Func<EmployerState> state;
    private readonly string employerId;
    private readonly ILogger logger;
    private readonly IGrainFactory grains;

    public ViewOutbox(Func<EmployerState> state, string employerId, IGrainFactory grains, CharterDirectory charters, ILogger logger)
    {
        this.state = state;
        this.employerId = employerId;
        this.logger = logger;
        this.grains = grains;
        LocalAuthorities = new ViewChannel<EmployerContribution>(
            () => state().Contributions, () => state().ContributionsTold, c => c.Stamp, (a, b) => a.SameContentAs(b),
            async (localAuthority, contribution) =>
            {
                var result = await grains.GetLocalAuthority(localAuthority).ApplyContributionAsync(contribution);
                if (result.Problem is { } problem)
                {
                    // A refusal is final for this stamp (the council will not take it however often it is told).
                    EmployersLog.ViewRefused(logger, employerId, localAuthority, problem.Detail ?? problem.Title);
                    return true;
                }

                return result.Value.Stored;
            });
        Charters = new ViewChannel<MemberNotice>(
            () => state().MemberNotices, () => state().MemberNoticesTold, n => n.Stamp, (a, b) => a.SameContentAs(b),
            async (charterId, notice) => (notice.Active
                ? await charters.UpdateMemberAsync(charterId, employerId, notice.Tier, notice.Since, notice.Stamp, notice.Version)
                : await charters.RemoveMemberAsync(charterId, employerId, notice.Stamp)).Stored);
        Applications = new ViewChannel<ApplicationNotice>(
            () => state().ApplicationNotices, () => state().ApplicationNoticesTold, n => n.Stamp, (a, b) => a.SameContentAs(b),
            async (charterId, notice) => (await grains.GetCharterApplications(charterId).UpdateAsync(employerId, notice.Application, notice.Stamp)).Stored);
    }

    /// <summary>Each council with staff (or once with staff): the contribution it should hold.</summary>
    public ViewChannel<EmployerContribution> LocalAuthorities { get; }

    /// <summary>Each charter the employer is or was a member of: the member index line it should hold.</summary>
    public ViewChannel<MemberNotice> Charters { get; }

    /// <summary>Each charter under officer review the employer is or was a member of: the application waiting there (or none).</summary>
    public ViewChannel<ApplicationNotice> Applications { get; }

    /// <summary>Anything owed: a view's change, or a webhook event not yet handed to the Webhooks module.</summary>
    public bool HasUntold => LocalAuthorities.HasUntold || Charters.HasUntold || Applications.HasUntold || state().EventsOwed.Count > 0;

    /// <summary>
    /// Sets what every view should show after a change: <paramref name="contributions"/> per council (councils no
    /// longer listed get a removal) and a notice per membership. Entries whose content changed get
    /// <paramref name="stamp"/>. True when anything changed (the state must then be written).
    /// </summary>
    public bool Plan(long stamp, IReadOnlyDictionary<string, EmployerContribution> contributions)
    {
        var changed = false;
        foreach (var (localAuthority, contribution) in contributions)
        {
            changed |= LocalAuthorities.Set(localAuthority, contribution);
        }

        foreach (var (localAuthority, held) in state().Contributions.ToList())
        {
            if (!contributions.ContainsKey(localAuthority) && !held.IsRemoval)
            {
                changed |= LocalAuthorities.Set(localAuthority, EmployerContribution.Removal(employerId, stamp));
            }
        }

        foreach (var membership in state().Memberships.Values)
        {
            changed |= Charters.Set(membership.CharterId,
                new MemberNotice(membership.CharterId, membership.IsActive, membership.HeldTier, membership.Since, stamp, membership.CharterVersion));

            // Officer review: only charters that ever had an application from this employer are told (a closed one as none).
            var application = ApplicationNotice.For(employerId, membership, stamp);
            if (application.Application is not null || state().ApplicationNotices.ContainsKey(membership.CharterId))
            {
                changed |= Applications.Set(membership.CharterId, application);
            }
        }

        return changed;
    }

    /// <summary>
    /// Tells every view whose entry is newer than what it confirmed, all at once. An entry is confirmed only once the
    /// view has it in storage (its receipt says so) or refused it for good; until then it stays owed and is told again
    /// (views ignore a stamp they hold). A failure is logged, never thrown (the employer's own write has succeeded).
    /// </summary>
    public Task TellAsync() =>
        Task.WhenAll(LocalAuthorities.Untold().Concat(Charters.Untold()).Concat(Applications.Untold()).Append(EventsDelivery()).Select(async delivery =>
        {
            try
            {
                if (await delivery.Deliver())
                {
                    delivery.Confirm();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                EmployersLog.ViewUnreachable(logger, ex, employerId, delivery.View);
            }
        }));

    /// <summary>
    /// The webhook events owed, handed to the Webhooks module's publisher as one delivery: confirmed (removed) once it says
    /// every subscribed webhook stored them. The publisher never waits for a receiver.
    /// </summary>
    private ViewDelivery EventsDelivery()
    {
        var owed = state().EventsOwed.ToList();
        return new ViewDelivery("webhooks",
            async () => owed.Count == 0 || await grains.GetWebhookPublisher().PublishAsync(owed),
            () => state().EventsOwed.RemoveAll(e => owed.Any(o => o.EventId == e.EventId)));
    }
}

/// <summary>One delivery owed to a view: <see cref="Deliver"/> it (true once settled: stored, or refused for good), then <see cref="Confirm"/> it.</summary>
internal readonly record struct ViewDelivery(string View, Func<Task<bool>> Deliver, Action Confirm);

/// <summary>
/// One kind of view in the outbox: the entry each view (by key) should hold, and the stamp it confirmed stored. An entry
/// is owed while its stamp is above the confirmed one; redelivery is harmless, since views ignore a stamp they hold.
/// </summary>
internal sealed class ViewChannel<TEntry>(
    Func<Dictionary<string, TEntry>> entries,
    Func<Dictionary<string, long>> told,
    Func<TEntry, long> stampOf,
    Func<TEntry, TEntry, bool> sameContent,
    Func<string, TEntry, Task<bool>> deliver)
{
    public bool HasUntold => entries().Any(e => stampOf(e.Value) > told().GetValueOrDefault(e.Key));

    public TEntry? Get(string key) => entries().GetValueOrDefault(key);

    /// <summary>Sets the entry unless the one held has the same content; true when it changed.</summary>
    public bool Set(string key, TEntry entry)
    {
        if (entries().TryGetValue(key, out var held) && sameContent(held, entry))
        {
            return false;
        }

        entries()[key] = entry;
        return true;
    }

    /// <summary>
    /// The audit's question: view <paramref name="key"/> holds <paramref name="held"/> for this employer (null: no line at
    /// all; a removal: a tombstone), and the employer, now at <paramref name="currentStamp"/>, says it should hold
    /// <paramref name="want"/> (null: nothing). In sync when both say nothing, or the same content under the stamp of the
    /// entry planned for it. Otherwise the planned entry is told again when it already says what is wanted under a newer
    /// stamp than the view's; else the line must be issued again under a stamp above the view's. A view holding a stamp
    /// above <paramref name="currentStamp"/> holds a line this employer never told (it was read before the employer was
    /// asked, so no race explains it) and would ignore anything the employer tells it: issued again, whatever it holds.
    /// </summary>
    public ViewRepair Judge(string key, TEntry? want, TEntry? held, long currentStamp, Func<TEntry, bool> isRemoval)
    {
        ArgumentNullException.ThrowIfNull(isRemoval);
        if (held is not null && stampOf(held) > currentStamp)
        {
            return ViewRepair.Reissue;
        }

        var wantNothing = want is null || isRemoval(want);
        var heldNothing = held is null || isRemoval(held);
        var entry = Get(key);
        if (wantNothing && heldNothing)
        {
            return ViewRepair.InSync;
        }

        var entrySaysWant = entry is not null && (wantNothing ? isRemoval(entry) : !isRemoval(entry) && sameContent(entry, want!));
        if (!wantNothing && !heldNothing && sameContent(held!, want!) && entrySaysWant && stampOf(entry!) == stampOf(held!))
        {
            return ViewRepair.InSync;
        }

        return entrySaysWant && stampOf(entry!) > (held is null ? -1 : stampOf(held)) ? ViewRepair.Retell : ViewRepair.Reissue;
    }

    /// <summary>Makes the entry for <paramref name="key"/> owed again (its confirmation is forgotten), so the next telling delivers it.</summary>
    public void Retell(string key) => told().Remove(key);

    /// <summary>Puts <paramref name="entry"/> (stamped with a new stamp) in for <paramref name="key"/>, even if its content is the same.</summary>
    public void Force(string key, TEntry entry) => entries()[key] = entry;

    public IEnumerable<ViewDelivery> Untold() =>
        entries()
            .Where(e => stampOf(e.Value) > told().GetValueOrDefault(e.Key))
            .ToList()
            .Select(e => new ViewDelivery(e.Key, () => deliver(e.Key, e.Value), () => Confirm(e.Key, stampOf(e.Value))));

    private void Confirm(string key, long stamp)
    {
        if (stamp > told().GetValueOrDefault(key))
        {
            told()[key] = stamp;
        }
    }
}
