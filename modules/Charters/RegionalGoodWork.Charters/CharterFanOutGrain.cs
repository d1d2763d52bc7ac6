using Microsoft.Extensions.Logging;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Charters;

[GenerateSerializer]
internal sealed class CharterFanOutState
{
    /// <summary>The re-assessment still to do (version, and the cursor advanced once per batch), or null when none is pending.</summary>
    [Id(0)] public CharterFanOut? Pending { get; set; }

    /// <summary>The newest version handed over (pending or done): an older or repeated hand-over changes nothing.</summary>
    [Id(1)] public int Version { get; set; }
}

/// <summary>
/// Moves a charter's members to a newly published version, durably: the charter hands the version over (see
/// <see cref="CharterGrain"/>), this grain stores it with its reminder armed first, and re-assesses the members through
/// their employer grains in bounded batches of the member index's order (employer id, ordinal), one batch per timer tick,
/// the cursor written after each. Re-assessing a member already on the version changes nothing, so resuming from a cursor
/// written before a crash is harmless. Non-reentrant: a tick and a hand-over never overlap, and between ticks the grain
/// answers. The employers call the charter grain back (latest version, member index), never this grain.
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
        if (fanOut.Version > state.State.Version)
        {
            // Armed before the write: a silo that dies right after it still has something that wakes this grain up.
            await ArmReminderAsync();
            var (pending, version) = (state.State.Pending, state.State.Version);
            state.State.Pending = fanOut;
            state.State.Version = fanOut.Version;
            try
            {
                await state.WriteStateAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Not taken: the charter still owes it and hands it over again at its next reminder tick or activation.
                (state.State.Pending, state.State.Version) = (pending, version);
                ChartersLog.FanOutTakeOverFailed(logger, ex, CharterId, fanOut.Version);
                return;
            }

            ChartersLog.FanOutTaken(logger, CharterId, fanOut.Version, fanOut.Cursor);
            ScheduleNextBatch();
        }

        await GrainFactory.GetCharterInternal(CharterId).FanOutTakenAsync(state.State.Version);
    }

    public Task<CharterFanOut?> GetFanOutAsync() => Task.FromResult(state.State.Pending);

    /// <summary>The reminder only makes sure a pending fan-out is running; it is removed once none is pending.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Reminder)
        {
            return;
        }

        if (state.State.Pending is not null)
        {
            ScheduleNextBatch();
            return;
        }

        await RemoveReminderAsync();
    }

    private void ScheduleNextBatch()
    {
        if (nextBatch is not null || halted || state.State.Pending is null)
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
            var batch = await GrainFactory.GetCharterInternal(CharterId).GetMemberBatchAsync(fanOut.Cursor, options.FanOutBatchSize);
            if (batch.Count > 0)
            {
                await Task.WhenAll(batch.Select(employerId => ReassessMemberAsync(employerId, fanOut.Version)));
                batchesRun++;
            }

            state.State.Pending = batch.Count > 0 ? fanOut with { Cursor = batch[^1] } : null;
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Pending = fanOut;
                throw;
            }

            if (state.State.Pending is null)
            {
                ChartersLog.FanOutDone(logger, CharterId, fanOut.Version);
                await RemoveReminderAsync();
                return;
            }

            ScheduleNextBatch();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Left pending, with its reminder: the next tick (or activation) carries on from the stored cursor.
            ChartersLog.FanOutStalled(logger, ex, CharterId, fanOut.Version, state.State.Pending?.Cursor);
        }
    }

    private async Task ReassessMemberAsync(string employerId, int version)
    {
        try
        {
            await GrainFactory.GetEmployer(employerId).ReassessAsync(CharterId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ChartersLog.ReassessFailed(logger, ex, CharterId, version, employerId);
        }
    }

    /// <summary>Registers the reminder (once per activation; a failure only delays a resumption after a crash).</summary>
    private async Task ArmReminderAsync() =>
        reminderArmed = reminderArmed || await this.TryRegisterReminderAsync(Reminder, options.FanOutReminderPeriod, logger);

    private async Task RemoveReminderAsync() =>
        reminderArmed = !await this.TryRemoveReminderAsync(Reminder, logger) && reminderArmed;
}
