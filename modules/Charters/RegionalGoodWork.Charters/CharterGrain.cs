using Microsoft.Extensions.Logging;
using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;
using RegionalGoodWork.Webhooks.Contracts;

namespace RegionalGoodWork.Charters;

[GrainType("charter")]
internal sealed partial class CharterGrain(
    [PersistentState("charter")] IPersistentState<CharterState> state,
    [PersistentState("charter-members")] IPersistentState<MemberIndexState> members,
    PlatformClock clock,
    ChartersOptions options,
    ILogger<CharterGrain> logger) : Grain, ICharterInternalGrain, IRemindable
{
    /// <summary>The reminder a charter holds while it owes its fan-out grain a hand-over: it re-activates the charter after a crash.</summary>
    internal const string HandOverReminder = "fan-out-hand-over";

    /// <summary>The reminder under which a charter ran its own fan-out before the fan-out grain; one left in storage hands over too.</summary>
    internal const string FormerFanOutReminder = "members-fan-out";

    /// <summary>The reminder a charter holds while it owes the Webhooks module events: it re-activates the charter after a crash.</summary>
    internal const string EventsReminder = "webhook-events";

    private WriteBehind<MemberIndexState> memberWrites = null!;

    private string CharterId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        memberWrites = new WriteBehind<MemberIndexState>(this, members, options.MemberIndexWriteDelay, logger);
        if (state.State.Versions.Count > state.State.RegisteredVersion)
        {
            await RegisterAsync();
        }

        // A fan-out recorded with a publish but not yet taken over (a silo died in between) is handed over now; members
        // stored on an older version than the latest (a join that raced a publish, a nudge lost in a crash) are caught up.
        await HandOverFanOutAsync();
        await CatchUpMembersBehindAsync();
        await HandOverEventsAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => memberWrites.OnDeactivateAsync();

    public async Task<Outcome<CharterDefinition>> SaveDraftAsync(string definitionJson)
    {
        var read = await ReadAsync(definitionJson);
        if (!read.IsOk)
        {
            return read;
        }

        var previous = state.State.Draft;
        state.State.Draft = read.Value;
        await WriteOrUndoAsync(() => state.State.Draft = previous);
        return read;
    }

    public Task<CharterDefinition?> GetDraftAsync() => Task.FromResult(state.State.Draft);

    public Task<Outcome<CharterVersion>> PublishAsync() => PublishAsync(null, 0);

    /// <summary>Publishes the draft, in force from <paramref name="effectiveFrom"/> (null: at once) with the members' grace period.</summary>
    private async Task<Outcome<CharterVersion>> PublishAsync(DateOnly? effectiveFrom, int gracePeriodDays)
    {
        if (state.State.Draft is not { } draft)
        {
            return Problem.Conflict(state.State.Versions.Count == 0
                ? $"Charter '{CharterId}' has no draft to publish: PUT /api/v1/charters/{CharterId}/draft first."
                : $"Charter '{CharterId}' has no draft to publish (version {state.State.Versions.Count} is the latest and never changes): PUT a new draft first.");
        }

        // The taxonomy may have moved since the draft was saved: check it again, as a whole.
        var recheck = await ReadAsync(CharterDefinitionJson.Write(draft).ToJsonString());
        if (!recheck.IsOk)
        {
            return recheck.Problem!;
        }

        var version = new CharterVersion(CharterId, state.State.Versions.Count + 1, recheck.Value!, clock.GetUtcNow(), effectiveFrom, gracePeriodDays);

        // The members' re-assessment is recorded in the same write as the version, so it cannot be lost; a newer publish
        // supersedes one still owed. The hand-over reminder is armed first: a silo that dies right after the write still
        // has something that wakes this charter up to hand it over. A version whose members move on a later date is always
        // owed (members join the version in force until then): the same reminder's ticks hand it over once that date comes.
        var previousFanOut = state.State.FanOut;
        var fanOut = version.MembersMoveOn > clock.Today || MemberIndex.AnyBehind(members.State, version.Version)
            ? new CharterFanOut(version.Version, null)
            : null;
        if (fanOut is not null)
        {
            await this.TryRegisterReminderAsync(HandOverReminder, options.FanOutReminderPeriod, logger);
        }

        // The webhook event likewise: owed in the same write, its reminder armed first.
        var published = WebhookEvent.CharterPublished(CharterId, version.Version, version.Definition.Name, version.PublishedAt);
        await this.TryRegisterReminderAsync(EventsReminder, options.FanOutReminderPeriod, logger);

        state.State.Versions.Add(version);
        state.State.Draft = null;
        state.State.FanOut = fanOut;
        state.State.EventsOwed.Add(published);
        await WriteOrUndoAsync(() =>
        {
            state.State.Versions.RemoveAt(state.State.Versions.Count - 1);
            state.State.Draft = draft;
            state.State.FanOut = previousFanOut;
            state.State.EventsOwed.Remove(published);
        });
        ChartersLog.Published(logger, CharterId, version.Version);
        await RegisterAsync();
        await HandOverFanOutAsync();
        await HandOverEventsAsync();
        return Outcome<CharterVersion>.Ok(version);
    }

    public async Task<Outcome<CharterVersion>> EnsurePublishedAsync(string definitionJson)
    {
        if (state.State.Versions.Count > 0)
        {
            return Outcome<CharterVersion>.Ok(state.State.Versions[^1]);
        }

        var saved = await SaveDraftAsync(definitionJson);
        return saved.IsOk ? await PublishAsync() : saved.Problem!;
    }

    public Task<CharterVersion?> GetVersionAsync(int version) =>
        Task.FromResult(version >= 1 && version <= state.State.Versions.Count ? state.State.Versions[version - 1] : null);

    public Task<CharterVersion?> GetLatestAsync() =>
        Task.FromResult(state.State.Versions.Count > 0 ? state.State.Versions[^1] : null);

    public Task<int> GetLatestVersionNumberAsync() => Task.FromResult(state.State.Versions.Count);

    public Task<CharterOverview?> GetOverviewAsync() =>
        Task.FromResult(state.State.Versions.Count == 0
            ? null
            : new CharterOverview(state.State.Versions[^1], state.State.Versions.Select(v => v.Version).ToList(),
                CharterVersion.InForceOn(state.State.Versions, clock.Today)?.Version ?? 0, ForMembersVersion));

    public async Task<ViewReceipt> UpdateMemberAsync(string employerId, string? tier, DateTimeOffset since, long stamp, int version)
    {
        ArgumentException.ThrowIfNullOrEmpty(employerId);
        var result = MemberIndex.Update(members.State, employerId, tier, since, stamp, version);
        if (result.Changed && version < ForMembersVersion)
        {
            // Assessed against an older version than the latest: it joined (or changed) while a newer version was being
            // published, possibly after the fan-out passed it or finished. The fan-out grain runs another pass for it.
            await CatchUpMembersBehindAsync();
        }

        return await ReceiptAsync(employerId, result);
    }

    public async Task<ViewReceipt> RemoveMemberAsync(string employerId, long stamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(employerId);
        return await ReceiptAsync(employerId, MemberIndex.Remove(members.State, employerId, stamp));
    }

    /// <summary>Writes a changed line behind; the receipt says whether the employer's line is stored yet.</summary>
    private async Task<ViewReceipt> ReceiptAsync(string employerId, (bool Applied, bool Changed) result)
    {
        if (result.Changed)
        {
            await memberWrites.ChangedAsync([employerId]);
        }

        var change = result.Changed ? ViewChange.Applied : result.Applied ? ViewChange.Unchanged : ViewChange.Stale;
        return new ViewReceipt(change, memberWrites.IsStored(employerId));
    }

    public Task<IReadOnlyList<CharterMember>> GetMembersAsync() => Task.FromResult(MemberIndex.List(members.State));

    public async Task<Outcome<WhatIfAssessment>> AssessAsync(string requestJson)
    {
        var catalogue = await GrainFactory.GetTaxonomy().GetCatalogueAsync();
        return WhatIf.Assess(CharterId, state.State.Versions, requestJson, catalogue);
    }

    public Task<IReadOnlyList<string>> GetMembersBehindAsync(int version, string? cursor, int size) =>
        Task.FromResult(MemberIndex.Behind(members.State, version, cursor, size));

    public Task<IReadOnlyList<string>> GetMembersAfterAsync(string? cursor, int size) =>
        Task.FromResult(MemberIndex.After(members.State, cursor, size));

    public Task<IReadOnlyList<MemberLine>> GetMemberLinesAsync() => Task.FromResult(MemberIndex.Lines(members.State, CharterId));

    public Task<CharterFanOut?> GetFanOutOwedAsync() => Task.FromResult(state.State.FanOut);

    public async Task FanOutTakenAsync(int version)
    {
        if (state.State.FanOut is not { } owed || owed.Version > version)
        {
            return; // nothing owed, or a newer version is owed: its own confirmation follows
        }

        state.State.FanOut = null;
        await WriteOrUndoAsync(() => state.State.FanOut = owed);
        await this.TryRemoveReminderAsync(HandOverReminder, logger);
        await this.TryRemoveReminderAsync(FormerFanOutReminder, logger);
    }

    /// <summary>
    /// The hand-over reminder (or one left from before the fan-out grain) hands an owed fan-out over again; once nothing
    /// is owed it removes itself.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == EventsReminder)
        {
            await HandOverEventsAsync(reminderTick: true);
            return;
        }

        if (state.State.FanOut is not null)
        {
            await HandOverFanOutAsync();
            await CatchUpOnNewDayAsync();
            return;
        }

        await this.TryRemoveReminderAsync(reminderName, logger);
    }

    private async Task<Outcome<CharterDefinition>> ReadAsync(string definitionJson)
    {
        var catalogue = await GrainFactory.GetTaxonomy().GetCatalogueAsync();
        return CharterDefinitionJson.Read(CharterId, definitionJson ?? string.Empty, catalogue);
    }

    /// <summary>
    /// Hands the owed webhook events to the Webhooks module; once it has stored them they are removed (and that written), and
    /// the reminder goes. A failure leaves them owed: the reminder's next tick (or the next activation) tries again.
    /// </summary>
    private async Task HandOverEventsAsync(bool reminderTick = false)
    {
        var owed = state.State.EventsOwed.ToList();
        if (owed.Count == 0 && !reminderTick)
        {
            return; // nothing owed, so no reminder held (one left by a failed removal goes at its own tick)
        }

        if (owed.Count > 0)
        {
            try
            {
                if (!await GrainFactory.GetWebhookPublisher().PublishAsync(owed))
                {
                    ChartersLog.EventsNotHandedOver(logger, null, CharterId);
                    return;
                }

                state.State.EventsOwed.RemoveAll(e => owed.Any(o => o.EventId == e.EventId));
                await state.WriteOrReloadAsync(DeactivateOnIdle);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ChartersLog.EventsNotHandedOver(logger, ex, CharterId);
                return;
            }
        }

        if (state.State.EventsOwed.Count == 0)
        {
            await this.TryRemoveReminderAsync(EventsReminder, logger);
        }
    }

    private async Task WriteOrUndoAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing was stored: put memory back as storage has it.
            undo();
            throw;
        }
    }

    private async Task RegisterAsync()
    {
        var latest = state.State.Versions[^1];
        var definition = latest.Definition;
        try
        {
            await GrainFactory.GetCharterRegistry().RegisterAsync(
                new CharterListing(CharterId, definition.Name, definition.Owner, latest.Version, definition.Tiers));
            state.State.RegisteredVersion = Math.Max(state.State.RegisteredVersion, latest.Version);
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The version is published; the registry catches up on the next activation.
            ChartersLog.RegistryBehind(logger, ex, CharterId, latest.Version);
        }
    }

    /// <summary>
    /// When a member of the index is on an older version than the one the members are to be on today (the latest, unless a
    /// version is scheduled for a later date) and no hand-over is due (that one covers it), tells the fan-out grain that
    /// version again (one way): it starts a pass over the members behind it unless one
    /// is pending. Not stored: the member's line is (the employer tells it until stored), and this runs again at activation.
    /// </summary>
    private async Task CatchUpMembersBehindAsync()
    {
        var latest = ForMembersVersion;
        caughtUpTo = Math.Max(caughtUpTo, latest);
        if (latest == 0 || OwedFanOutIsDue || options.SkipFanOutHandOver || !MemberIndex.AnyBehind(members.State, latest))
        {
            return;
        }

        try
        {
            await GrainFactory.GetCharterFanOut(CharterId).TakeOverAsync(new CharterFanOut(latest, null));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ChartersLog.HandOverFailed(logger, ex, CharterId, latest);
        }
    }

    /// <summary>
    /// Tells the fan-out grain the fan-out owed, if any (one way: the fan-out grain answers with
    /// <see cref="FanOutTakenAsync"/> once it has stored it, and this charter clears it then). Told again at every activation
    /// and reminder tick until then; a repeated hand-over changes nothing there.
    /// </summary>
    private async Task HandOverFanOutAsync()
    {
        if (state.State.FanOut is not { } owed || options.SkipFanOutHandOver || !OwedFanOutIsDue)
        {
            return; // nothing owed, or its members move on a later date: the hand-over reminder's ticks look again
        }

        try
        {
            await GrainFactory.GetCharterFanOut(CharterId).TakeOverAsync(owed);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ChartersLog.HandOverFailed(logger, ex, CharterId, owed.Version);
        }
    }
}
