using Microsoft.Extensions.Logging;
using RegionalGoodWork.Places.Contracts;

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

    public ViewOutbox(Func<EmployerState> state, string employerId, IGrainFactory grains, CharterDirectory charters, ILogger logger)
    {
        this.state = state;
        this.employerId = employerId;
        this.logger = logger;
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
    }

    /// <summary>Each council with staff (or once with staff): the contribution it should hold.</summary>
    public ViewChannel<EmployerContribution> LocalAuthorities { get; }

    /// <summary>Each charter the employer is or was a member of: the member index line it should hold.</summary>
    public ViewChannel<MemberNotice> Charters { get; }

    public bool HasUntold => LocalAuthorities.HasUntold || Charters.HasUntold;

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
        }

        return changed;
    }

    /// <summary>
    /// Tells every view whose entry is newer than what it confirmed, all at once. An entry is confirmed only once the
    /// view has it in storage (its receipt says so) or refused it for good; until then it stays owed and is told again
    /// (views ignore a stamp they hold). A failure is logged, never thrown (the employer's own write has succeeded).
    /// </summary>
    public Task TellAsync() =>
        Task.WhenAll(LocalAuthorities.Untold().Concat(Charters.Untold()).Select(async delivery =>
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
