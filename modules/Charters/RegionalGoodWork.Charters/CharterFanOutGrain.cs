using Microsoft.Extensions.Logging;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Charters;

[GenerateSerializer]
internal sealed class CharterFanOutState
{
    /// <summary>The re-assessment still to do (version, and the cursor advanced once per batch), or null when none is pending.</summary>
    [Id(0)] public CharterFanOut? Pending { get; set; }

    /// <summary>
    /// The newest version handed over (pending or done): an older hand-over, or the same one while pending, changes nothing;
    /// the same one once done starts another pass over the members behind it.
    /// </summary>
    [Id(1)] public int Version { get; set; }

    /// <summary>Members refused for good while moving to <see cref="Version"/> (the employer does not exist, or is no member): never retried for it.</summary>
    [Id(2)] public HashSet<string> Dropped { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A pass ended with members still behind (their re-assessment failed): the next pass waits for the reminder tick.</summary>
    [Id(3)] public bool WaitingForTick { get; set; }

    /// <summary>A sweep of every current member still to do (the annual uplift), or null. Runs when no version is pending.</summary>
    [Id(4)] public CharterSweep? Sweep { get; set; }

    /// <summary>The reason of the newest sweep taken (pending or done): the same one again changes nothing.</summary>
    [Id(5)] public string? SweepReason { get; set; }

    /// <summary>Whether anything is to do: a version to move members to, or a sweep.</summary>
    public bool Busy => Pending is not null || Sweep is not null;
}

/// <summary>
/// Moves a charter's members to a newly published version, durably: the charter hands the version over (see
/// <see cref="CharterGrain"/>), this grain stores it with its reminder armed first, and re-assesses the members still
/// behind it (the member index holds the version each member is assessed against) through their employer grains in
/// bounded batches of the member index's order (employer id, ordinal), one batch per timer tick, the cursor written after
/// each. A pass that ends with members still behind (a re-assessment failed, or a member joined on an older version behind
/// the cursor) leaves the fan-out pending and starts another pass at the next reminder tick; a member refused for good
/// (no such employer, or no member) is dropped. The fan-out is done only when no member is behind. Re-assessing a member
/// already on the version changes nothing, so resuming from a cursor written before a crash is harmless. Non-reentrant:
/// a tick and a hand-over never overlap, and between ticks the grain answers. The employers call the charter grain back
/// (latest version, member index), never this grain.
/// </summary>
[GrainType("charter-fan-out")]
internal sealed class CharterFanOutGrain(
    [PersistentState("charter-fan-out")] IPersistentState<CharterFanOutState> state,
    ChartersOptions options,
    ILogger<CharterFanOutGrain> logger) : Grain, ICharterFanOutGrain, IRemindable
{
    /// <summary>The one reminder held while a fan-out is pending: it re-activates this grain after a crash.</summary>
    internal const string Reminder = "members-fan-out";

    private IGrainTimer? nextBatch;
    private bool reminderArmed;
    private int batchesRun;
    private bool halted;

    private string CharterId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A fan-out a previous activation (or a silo that died) left half-way carries on from its cursor.
        ScheduleNextBatch();
        return Task.CompletedTask;
    }

    public async Task TakeOverAsync(CharterFanOut fanOut)
    {
        ArgumentNullException.ThrowIfNull(fanOut);
        var newer = fanOut.Version > state.State.Version;
        if (newer || (fanOut.Version == state.State.Version && state.State.Pending is null))
        {
            // Newer: supersedes what is pending. The same version once done: members are behind it again (they joined on an
            // older version while it was published), so another pass runs over them. Armed before the write: a silo that
            // dies right after it still has something that wakes this grain up.
            await ArmReminderAsync();
            var (pending, version, dropped, waiting) = (state.State.Pending, state.State.Version, state.State.Dropped, state.State.WaitingForTick);
            state.State.Pending = newer ? fanOut : fanOut with { Cursor = null };
            state.State.Version = fanOut.Version;
            state.State.Dropped = newer ? new HashSet<string>(StringComparer.Ordinal) : dropped;
            state.State.WaitingForTick = false;
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Not taken: the charter still owes it and hands it over again at its next reminder tick or activation.
                (state.State.Pending, state.State.Version, state.State.Dropped, state.State.WaitingForTick) = (pending, version, dropped, waiting);
                ChartersLog.FanOutTakeOverFailed(logger, ex, CharterId, fanOut.Version);
                return;
            }

            ChartersLog.FanOutTaken(logger, CharterId, fanOut.Version, fanOut.Cursor);
            ScheduleNextBatch();
        }

        await GrainFactory.GetCharterInternal(CharterId).FanOutTakenAsync(state.State.Version);
    }

    public Task<CharterFanOut?> GetFanOutAsync() => Task.FromResult(state.State.Pending);

    public Task<CharterSweep?> GetSweepAsync() => Task.FromResult(state.State.Sweep);

    public async Task SweepAsync(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        if (reason == state.State.SweepReason)
        {
            return;
        }

        // Armed before the write, like a version's fan-out: a silo that dies right after it still has the reminder.
        await ArmReminderAsync();
        var (sweep, taken, waiting) = (state.State.Sweep, state.State.SweepReason, state.State.WaitingForTick);
        state.State.Sweep = new CharterSweep(reason, null, 0);
        state.State.SweepReason = reason;
        state.State.WaitingForTick = false;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (state.State.Sweep, state.State.SweepReason, state.State.WaitingForTick) = (sweep, taken, waiting);
            throw;
        }

        ChartersLog.SweepTaken(logger, CharterId, reason);
        ScheduleNextBatch();
    }

    /// <summary>The reminder only makes sure a pending fan-out is running; it is removed once none is pending.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Reminder)
        {
            return;
        }

        if (state.State.Busy)
        {
            // A pass that ended with members behind waits for this tick (kept in memory; written with the next cursor).
            state.State.WaitingForTick = false;
            ScheduleNextBatch();
            return;
        }

        await RemoveReminderAsync();
    }

    private void ScheduleNextBatch()
    {
        if (nextBatch is not null || halted || !state.State.Busy || state.State.WaitingForTick)
        {
            return;
        }

        nextBatch = this.RegisterGrainTimer(
            _ => RunBatchAsync(),
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    /// <summary>One batch: re-assess its members at once (<c>Task.WhenAll</c>), write the cursor, schedule the next.</summary>
    private async Task RunBatchAsync()
    {
        nextBatch?.Dispose();
        nextBatch = null;
        if (state.State.Pending is not { } fanOut)
        {
            if (state.State.Sweep is { } sweep)
            {
                await RunSweepBatchAsync(sweep);
            }

            return;
        }

        if (options.FanOutHaltAfterBatches is { } halt && batchesRun >= halt)
        {
            halted = true;
            ChartersLog.FanOutHalted(logger, CharterId, fanOut.Version, fanOut.Cursor);
            return;
        }

        try
        {
            await ArmReminderAsync();
            var charter = GrainFactory.GetCharterInternal(CharterId);
            var batch = await charter.GetMembersBehindAsync(fanOut.Version, fanOut.Cursor, options.FanOutBatchSize);
            var dropped = state.State.Dropped;
            if (batch.Count > 0)
            {
                var refused = await Task.WhenAll(batch.Where(id => !dropped.Contains(id)).Select(id => ReassessMemberAsync(id, fanOut.Version)));
                dropped.UnionWith(refused.OfType<string>());
                batchesRun++;
                state.State.Pending = fanOut with { Cursor = batch[^1] };
            }
            else
            {
                // The pass is over. Members still behind: their re-assessment failed (or they joined on an older version
                // behind the cursor). Another pass from the start, at the next reminder tick: no hot loop.
                var behind = (await charter.GetMembersBehindAsync(fanOut.Version, null, int.MaxValue)).Count(id => !dropped.Contains(id));
                state.State.Pending = behind > 0 ? fanOut with { Cursor = null } : null;
                state.State.WaitingForTick = behind > 0;
                if (behind > 0)
                {
                    ChartersLog.FanOutRetrying(logger, CharterId, fanOut.Version, behind);
                }
            }

            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Pending = fanOut;
                state.State.WaitingForTick = false;
                throw;
            }

            if (state.State.Pending is null)
            {
                ChartersLog.FanOutDone(logger, CharterId, fanOut.Version);
                if (state.State.Sweep is null)
                {
                    await RemoveReminderAsync();
                    return;
                }
            }

            ScheduleNextBatch();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Left pending, with its reminder: the next tick (or activation) carries on from the stored cursor.
            ChartersLog.FanOutStalled(logger, ex, CharterId, fanOut.Version, state.State.Pending?.Cursor);
        }
    }

    /// <summary>
    /// One batch of a sweep: every current member after the cursor re-assessed at once, the cursor written. At the end of
    /// a pass with failures (an employer's storage or silo unavailable) the sweep runs again from the first member at the
    /// next reminder tick — a member already re-assessed writes nothing the second time; without failures it is done.
    /// </summary>
    private async Task RunSweepBatchAsync(CharterSweep sweep)
    {
        if (options.FanOutHaltAfterBatches is { } halt && batchesRun >= halt)
        {
            halted = true;
            ChartersLog.FanOutHalted(logger, CharterId, 0, sweep.Cursor);
            return;
        }

        try
        {
            await ArmReminderAsync();
            var batch = await GrainFactory.GetCharterInternal(CharterId).GetMembersAfterAsync(sweep.Cursor, options.FanOutBatchSize);
            if (batch.Count > 0)
            {
                var failed = (await Task.WhenAll(batch.Select(id => SweepMemberAsync(id, sweep.Reason)))).Count(f => f);
                batchesRun++;
                state.State.Sweep = sweep with { Cursor = batch[^1], Failed = sweep.Failed + failed };
            }
            else
            {
                state.State.Sweep = sweep.Failed > 0 ? sweep with { Cursor = null, Failed = 0 } : null;
                state.State.WaitingForTick = sweep.Failed > 0;
            }

            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Sweep = sweep;
                state.State.WaitingForTick = false;
                throw;
            }

            if (state.State.Sweep is null)
            {
                ChartersLog.SweepDone(logger, CharterId, sweep.Reason);
                await RemoveReminderAsync();
                return;
            }

            ScheduleNextBatch();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Left pending, with its reminder: the next tick (or activation) carries on from the stored cursor.
            ChartersLog.FanOutStalled(logger, ex, CharterId, 0, state.State.Sweep?.Cursor);
        }
    }

    /// <summary>Re-assesses one member for a sweep; true when it failed (retried by the next pass). No such employer: nothing to do.</summary>
    private async Task<bool> SweepMemberAsync(string employerId, string reason)
    {
        try
        {
            await GrainFactory.GetEmployer(employerId).ReassessAsync(CharterId);
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ChartersLog.SweepMemberFailed(logger, ex, CharterId, reason, employerId);
            return true;
        }
    }

    /// <summary>
    /// Re-assesses one member. Returns its id when it is refused for good (no such employer, or it is no member of this
    /// charter): it is dropped. A failure (an exception: the employer's storage or silo is unavailable) is logged and left
    /// to the next pass, which finds the member still behind.
    /// </summary>
    private async Task<string?> ReassessMemberAsync(string employerId, int version)
    {
        try
        {
            var result = await GrainFactory.GetEmployer(employerId).ReassessAsync(CharterId);
            if (result.Problem is { } problem)
            {
                ChartersLog.MemberDropped(logger, CharterId, version, employerId, problem.Detail ?? problem.Title);
                return employerId;
            }

            if (!result.Value!.Any(m => m.CharterId == CharterId))
            {
                ChartersLog.MemberDropped(logger, CharterId, version, employerId, "the employer is no member of this charter");
                return employerId;
            }

            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ChartersLog.ReassessFailed(logger, ex, CharterId, version, employerId);
            return null;
        }
    }

    /// <summary>Registers the reminder (once per activation; a failure only delays a resumption after a crash).</summary>
    private async Task ArmReminderAsync() =>
        reminderArmed = reminderArmed || await this.TryRegisterReminderAsync(Reminder, options.FanOutReminderPeriod, logger);

    private async Task RemoveReminderAsync() =>
        reminderArmed = !await this.TryRemoveReminderAsync(Reminder, logger) && reminderArmed;
}
