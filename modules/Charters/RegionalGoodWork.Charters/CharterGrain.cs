using Microsoft.Extensions.Logging;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters;

[GenerateSerializer]
internal sealed class CharterState
{
    [Id(0)] public CharterDefinition? Draft { get; set; }

    /// <summary>Published versions, in order: Versions[n - 1] is version n. Never changed once added.</summary>
    [Id(1)] public List<CharterVersion> Versions { get; set; } = [];

    /// <summary>The latest version the charter registry has confirmed; behind after a failure, caught up on activation.</summary>
    [Id(2)] public int RegisteredVersion { get; set; }

    /// <summary>
    /// The re-assessment of the members still to do after a publish (written in the same write as the version, the
    /// cursor advanced once per batch), or null when none is pending. Resumed on activation.
    /// </summary>
    [Id(3)] public CharterFanOut? FanOut { get; set; }
}

[GrainType("charter")]
internal sealed partial class CharterGrain(
    [PersistentState("charter")] IPersistentState<CharterState> state,
    [PersistentState("charter-members")] IPersistentState<MemberIndexState> members,
    PlatformClock clock,
    ChartersOptions options,
    ILogger<CharterGrain> logger) : Grain, ICharterGrain, IRemindable
{
    /// <summary>The one reminder a charter holds while a fan-out is pending: it re-activates the charter after a crash.</summary>
    internal const string FanOutReminder = "members-fan-out";

    private bool membersDirty;
    private IGrainTimer? memberWrite;

    /// <summary>
    /// Serialises the writes of <c>state</c> and the fan-out reminder's changes: the fan-out runs in an interleaving
    /// timer, so without it a cursor write could race a publish (ETag conflict) or a reminder removal a registration.
    /// </summary>
    private Task gateTail = Task.CompletedTask;

    private IGrainTimer? fanOutTimer;
    private bool fanOutRunning;
    private bool fanOutReminderArmed;
    private int fanOutBatchesRun;
    private bool fanOutHalted;

    private string CharterId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Versions.Count > state.State.RegisteredVersion)
        {
            await RegisterAsync();
        }

        // A fan-out a previous activation (or a silo that died) left half-way carries on from its cursor.
        EnsureFanOutRunning();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (membersDirty)
        {
            await FlushMembersAsync();
        }
    }

    public async Task<Outcome<CharterDefinition>> SaveDraftAsync(string definitionJson)
    {
        var read = await ReadAsync(definitionJson);
        if (!read.IsOk)
        {
            return read;
        }

        await UnderGateAsync(async () =>
        {
            var previous = state.State.Draft;
            state.State.Draft = read.Value;
            await WriteOrUndoAsync(() => state.State.Draft = previous);
        });
        return read;
    }

    public Task<CharterDefinition?> GetDraftAsync() => Task.FromResult(state.State.Draft);

    public async Task<Outcome<CharterVersion>> PublishAsync()
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

        CharterVersion version = null!;
        await UnderGateAsync(async () =>
        {
            version = new CharterVersion(CharterId, state.State.Versions.Count + 1, recheck.Value!, clock.GetUtcNow());

            // The members' re-assessment is recorded in the same write as the version, so it cannot be lost; a newer
            // publish supersedes a pending one (from the first member again). The reminder is armed first: a silo that
            // dies right after the write still has something that wakes this charter up.
            var previousFanOut = state.State.FanOut;
            var fanOut = MemberIndex.NextBatch(members.State, null, 1).Count > 0 ? new CharterFanOut(version.Version, null) : null;
            if (fanOut is not null)
            {
                await ArmFanOutReminderAsync();
            }

            state.State.Versions.Add(version);
            state.State.Draft = null;
            state.State.FanOut = fanOut;
            await WriteOrUndoAsync(() =>
            {
                state.State.Versions.RemoveAt(state.State.Versions.Count - 1);
                state.State.Draft = draft;
                state.State.FanOut = previousFanOut;
            });
        });
        LogPublished(logger, CharterId, version.Version);
        await RegisterAsync();
        EnsureFanOutRunning();
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
            : new CharterOverview(state.State.Versions[^1], state.State.Versions.Select(v => v.Version).ToList()));

    public async Task<bool> UpdateMemberAsync(string employerId, string? tier, DateTimeOffset since, long stamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(employerId);
        var (applied, changed) = MemberIndex.Update(members.State, employerId, tier, since, stamp);
        if (changed)
        {
            await MembersChangedAsync();
        }

        return applied;
    }

    public async Task<bool> RemoveMemberAsync(string employerId, long stamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(employerId);
        var (applied, changed) = MemberIndex.Remove(members.State, employerId, stamp);
        if (changed)
        {
            await MembersChangedAsync();
        }

        return applied;
    }

    public Task<IReadOnlyList<CharterMember>> GetMembersAsync() => Task.FromResult(MemberIndex.List(members.State));

    public Task<CharterFanOut?> GetFanOutAsync() => Task.FromResult(state.State.FanOut);

    /// <summary>The fan-out reminder only makes sure a pending fan-out is running; it is removed once none is pending.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != FanOutReminder)
        {
            return;
        }

        if (state.State.FanOut is not null)
        {
            EnsureFanOutRunning();
            return;
        }

        await UnderGateAsync(async () =>
        {
            if (state.State.FanOut is null)
            {
                await RemoveFanOutReminderAsync();
            }
        });
    }

    private async Task<Outcome<CharterDefinition>> ReadAsync(string definitionJson)
    {
        var catalogue = await GrainFactory.GetTaxonomy().GetCatalogueAsync();
        return CharterDefinitionJson.Read(CharterId, definitionJson ?? string.Empty, catalogue);
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

    /// <summary>Runs <paramref name="action"/> once every earlier gated action has finished (see <see cref="gateTail"/>).</summary>
    private async Task UnderGateAsync(Func<Task> action)
    {
        var previous = gateTail;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gateTail = done.Task;
        try
        {
            await previous;
            await action();
        }
        finally
        {
            done.SetResult();
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
            await UnderGateAsync(async () =>
            {
                state.State.RegisteredVersion = Math.Max(state.State.RegisteredVersion, latest.Version);
                await state.WriteStateAsync();
            });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The version is published; the registry catches up on the next activation.
            LogRegistryBehind(logger, ex, CharterId, latest.Version);
        }
    }

    /// <summary>
    /// Starts the pending fan-out unless it is running. Members are re-assessed against the new version by their
    /// employer grains, through the member index in bounded batches. It runs in an interleaving timer, after the publish
    /// call has answered, because each employer calls this grain back meanwhile (latest version, member index update).
    /// </summary>
    private void EnsureFanOutRunning()
    {
        if (fanOutRunning || fanOutHalted || state.State.FanOut is null)
        {
            return;
        }

        fanOutRunning = true;
        fanOutTimer = this.RegisterGrainTimer(
            _ => RunFanOutAsync(),
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    /// <summary>
    /// Batch after batch in the member index's order (employer id, ordinal), from the stored cursor: the batch's members
    /// are re-assessed at once (<c>Task.WhenAll</c>), then the cursor is written (one write per batch). Re-assessing a
    /// member already on the version changes nothing, so resuming from a cursor written before a crash is harmless.
    /// When none is left, the fan-out is cleared and the reminder removed. A publish meanwhile replaces the fan-out:
    /// the loop goes on with the new one, from its first member.
    /// </summary>
    private async Task RunFanOutAsync()
    {
        try
        {
            await UnderGateAsync(async () =>
            {
                if (state.State.FanOut is not null)
                {
                    await ArmFanOutReminderAsync();
                }
            });

            while (state.State.FanOut is { } fanOut)
            {
                if (options.FanOutHaltAfterBatches is { } halt && fanOutBatchesRun >= halt)
                {
                    fanOutHalted = true;
                    LogFanOutHalted(logger, CharterId, fanOut.Version, fanOut.Cursor);
                    return;
                }

                var batch = MemberIndex.NextBatch(members.State, fanOut.Cursor, options.FanOutBatchSize);
                if (batch.Count > 0)
                {
                    await Task.WhenAll(batch.Select(employerId => ReassessMemberAsync(employerId, fanOut.Version)));
                    fanOutBatchesRun++;
                }

                await UnderGateAsync(async () =>
                {
                    if (!ReferenceEquals(state.State.FanOut, fanOut))
                    {
                        return; // superseded by a newer publish
                    }

                    state.State.FanOut = batch.Count > 0 ? fanOut with { Cursor = batch[^1] } : null;
                    await WriteOrUndoAsync(() => state.State.FanOut = fanOut);
                    if (state.State.FanOut is null)
                    {
                        LogFanOutDone(logger, CharterId, fanOut.Version);
                        await RemoveFanOutReminderAsync();
                    }
                });
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Left pending, with its reminder: the next tick (or activation) carries on from the stored cursor.
            LogFanOutStalled(logger, ex, CharterId, state.State.FanOut?.Version ?? 0, state.State.FanOut?.Cursor);
        }
        finally
        {
            fanOutRunning = false;
            fanOutTimer?.Dispose();
            fanOutTimer = null;
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
            LogReassessFailed(logger, ex, CharterId, version, employerId);
        }
    }

    /// <summary>Registers the fan-out reminder (once per activation). Call under the gate.</summary>
    private async Task ArmFanOutReminderAsync()
    {
        if (fanOutReminderArmed)
        {
            return;
        }

        try
        {
            await this.RegisterOrUpdateReminder(FanOutReminder, options.FanOutReminderPeriod, options.FanOutReminderPeriod);
            fanOutReminderArmed = true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The fan-out still runs now; only its resumption after a crash waits for the next activation.
            LogReminderFailed(logger, ex, CharterId);
        }
    }

    /// <summary>Removes the fan-out reminder. Call under the gate, once no fan-out is pending.</summary>
    private async Task RemoveFanOutReminderAsync()
    {
        try
        {
            if (await this.GetReminder(FanOutReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            fanOutReminderArmed = false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Harmless: its next tick finds nothing pending and removes it then.
            LogReminderFailed(logger, ex, CharterId);
        }
    }

    private async Task MembersChangedAsync()
    {
        membersDirty = true;
        if (options.MemberIndexWriteDelay <= TimeSpan.Zero)
        {
            await FlushMembersAsync();
            return;
        }

        memberWrite ??= this.RegisterGrainTimer(
            async _ =>
            {
                memberWrite?.Dispose();
                memberWrite = null;
                await FlushMembersAsync();
            },
            new GrainTimerCreationOptions(options.MemberIndexWriteDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task FlushMembersAsync()
    {
        if (!membersDirty)
        {
            return;
        }

        membersDirty = false;
        try
        {
            await members.WriteStateAsync();
        }
        catch
        {
            membersDirty = true;
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version}: employer {EmployerId} was not re-assessed; it catches up at its next re-assessment")]
    private static partial void LogReassessFailed(ILogger logger, Exception exception, string charterId, int version, string employerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charter {CharterId}: every member was re-assessed against version {Version}")]
    private static partial void LogFanOutDone(ILogger logger, string charterId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version}: the members' re-assessment stopped after {Cursor}; it resumes at the next reminder tick or activation")]
    private static partial void LogFanOutStalled(ILogger logger, Exception exception, string charterId, int version, string? cursor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version}: fan-out halted after {Cursor} (Modules:Charters:FanOutHaltAfterBatches, tests only)")]
    private static partial void LogFanOutHalted(ILogger logger, string charterId, int version, string? cursor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charter {CharterId}: the fan-out reminder could not be changed")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, string charterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Charter {CharterId} published version {Version}")]
    private static partial void LogPublished(ILogger logger, string charterId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version} is published but the charter registry was not told; it will be on the next activation")]
    private static partial void LogRegistryBehind(ILogger logger, Exception exception, string charterId, int version);
}
