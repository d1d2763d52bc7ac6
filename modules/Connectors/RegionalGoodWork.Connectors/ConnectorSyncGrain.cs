using RegionalGoodWork.BuildingBlocks;
using System.Net.Http;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;
using RegionalGoodWork.Connectors.Contracts;
using RegionalGoodWork.Connectors.Integrations;
using RegionalGoodWork.Connectors.Sync;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Webhooks.Contracts;

namespace RegionalGoodWork.Connectors;

[GenerateSerializer, Alias("rgw.connectors.sync-state")]
internal sealed class ConnectorSyncState
{
    /// <summary>Newest first, at most <see cref="ConnectorLimits.RunsKept"/>.</summary>
    [Id(0)] public List<ConnectorRun> Runs { get; set; } = [];

    /// <summary>What the last successful run left for the next (the job's own keys).</summary>
    [Id(1)] public Dictionary<string, string> Cursor { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Webhook events (<c>connector.run-finished</c>) written with the run record that raised them and not yet handed to the
    /// Webhooks module: handed over after the write, on activation and at the <c>webhook-events</c> reminder's ticks.
    /// </summary>
    [Id(2)] public List<WebhookEvent> EventsOwed { get; set; } = [];
}

/// <summary>
/// A connector's sync (<see cref="IConnectorSyncGrain"/>). <see cref="StartAsync"/> records the run as running, stores it,
/// answers its id and lets the run go on in the grain's own turns (it is not a request, so the grain keeps answering
/// status reads meanwhile, and a second start gets the running run's id). Whatever the partner does — an error status,
/// a timeout, an open circuit, a malformed body — ends in the run record, worded; the cursor moves only on success.
/// </summary>
[GrainType("connector-sync")]
internal sealed class ConnectorSyncGrain(
    [PersistentState("connector-sync")] IPersistentState<ConnectorSyncState> state,
    IOptionsMonitor<ConnectorOptions> options,
    IOptions<ReminderOptions> reminders,
    ConnectorCircuits circuits,
    IServiceProvider services,
    PlatformClock clock,
    ILogger<ConnectorSyncGrain> logger) : Grain, IConnectorSyncGrain, IRemindable
{
    private const string ReminderName = "sync";

    /// <summary>Held while webhook events are owed: it re-activates the sync after a crash to hand them over.</summary>
    private const string EventsReminder = "webhook-events";

    private string Id => this.GetPrimaryKeyString();

    private ConnectorOptions Options => options.Get(Id);

    private Task? running;

    /// <summary>One state write at a time: a run finishes outside any call, so its write could meet a call's (an ETag clash).</summary>
    private readonly SemaphoreSlim writes = new(1, 1);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Runs.FirstOrDefault() is { Status: ConnectorRunStatus.Running } orphan)
        {
            ConnectorsLog.RunInterrupted(logger, Id, orphan.RunId);
            state.State.Runs[0] = orphan with
            {
                Status = ConnectorRunStatus.Failed, FinishedAt = clock.GetUtcNow(),
                Error = "Interrupted: the silo running it stopped before it finished; nothing after the interruption was applied. The next run starts again from the last cursor.",
            };
            await OweFinishedAsync(state.State.Runs[0]);
            await WriteAsync();
        }

        await HandOverEventsAsync();

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<Outcome<ConnectorRunStarted>> StartAsync(string requestedBy)
    {
        if (!ConnectorIds.IsKnown(Id))
        {
            return Problem.NotFound("connector", Id);
        }

        if (!Options.Enabled)
        {
            return Problem.Conflict($"The connector '{Id}' is switched off (Connectors:{Id}:Enabled is not true); no run was started.");
        }

        if (running is not null && state.State.Runs.FirstOrDefault() is { Status: ConnectorRunStatus.Running } current)
        {
            return Outcome<ConnectorRunStarted>.Ok(new ConnectorRunStarted(current.RunId, Started: false));
        }

        var run = new ConnectorRun(Guid.NewGuid().ToString("N"), clock.GetUtcNow(), null, ConnectorRunStatus.Running, 0, 0, 0, 0, null, requestedBy);
        state.State.Runs.Insert(0, run);
        if (state.State.Runs.Count > ConnectorLimits.RunsKept)
        {
            state.State.Runs.RemoveRange(ConnectorLimits.RunsKept, state.State.Runs.Count - ConnectorLimits.RunsKept);
        }

        await WriteAsync();
        ConnectorsLog.RunStarted(logger, Id, run.RunId, requestedBy);
        this.DelayDeactivation(Options.Resilience.TotalTimeout * 4 + TimeSpan.FromMinutes(10));
        running = RunAsync(run);
        return Outcome<ConnectorRunStarted>.Ok(new ConnectorRunStarted(run.RunId, Started: true));
    }

    public Task<Outcome<ConnectorStatus>> GetStatusAsync() =>
        Task.FromResult(ConnectorIds.IsKnown(Id)
            ? Outcome<ConnectorStatus>.Ok(new ConnectorStatus(Id, Options.Enabled, Options.Schedule, state.State.Runs.FirstOrDefault(), circuits.StateOf(Id)))
            : Problem.NotFound("connector", Id));

    public Task<Outcome<IReadOnlyList<ConnectorRun>>> GetRunsAsync() =>
        Task.FromResult(ConnectorIds.IsKnown(Id)
            ? Outcome<IReadOnlyList<ConnectorRun>>.Ok(state.State.Runs.ToList())
            : Problem.NotFound("connector", Id));

    public async Task EnsureScheduleAsync()
    {
        try
        {
            if (ConnectorIds.IsKnown(Id) && Options.Enabled)
            {
                // Due when the schedule says counting from the last run, so silo restarts do not keep putting a run off.
                var last = state.State.Runs.FirstOrDefault()?.StartedAt;
                var due = last is { } at ? at + Options.Schedule - clock.GetUtcNow() : Options.Schedule;
                await this.RegisterOrUpdateReminder(ReminderName, due < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : due, Options.Schedule);
            }
            else if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ConnectorsLog.ReminderFailed(logger, ex, Id);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == EventsReminder)
        {
            await HandOverEventsAsync(reminderTick: true);
            return;
        }

        if (!Options.Enabled)
        {
            await EnsureScheduleAsync(); // switched off since: the reminder goes
            return;
        }

        await StartAsync("schedule");
    }

    private async Task RunAsync(ConnectorRun run)
    {
        ConnectorRun finished;
        try
        {
            using var scope = services.CreateScope();
            var job = scope.ServiceProvider.GetServices<IConnectorJob>().Single(j => j.ConnectorId == Id);
            var result = await job.RunAsync(state.State.Cursor, CancellationToken.None);
            finished = run with
            {
                Status = ConnectorRunStatus.Succeeded, FinishedAt = clock.GetUtcNow(),
                Read = result.Read, Changed = result.Changed, Failed = result.Failed, Unmatched = result.Unmatched,
                Flagged = result.Flagged, NotLinked = result.NotLinked, Malformed = result.Malformed,
            };
            state.State.Cursor = new Dictionary<string, string>(result.Cursor, StringComparer.Ordinal);
            ConnectorsLog.RunSucceeded(logger, Id, run.RunId, result.Read, result.Changed, result.Failed, result.Unmatched);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var error = Describe(ex);
            if (error is null)
            {
                ConnectorsLog.RunCrashed(logger, ex, Id, run.RunId);
                error = $"Unexpected {ex.GetType().Name} in the connector (logged with run id {run.RunId}): {ex.Message}";
            }
            else
            {
                ConnectorsLog.RunFailed(logger, Id, run.RunId, error);
            }

            finished = run with { Status = ConnectorRunStatus.Failed, FinishedAt = clock.GetUtcNow(), Error = error };
        }

        var at = state.State.Runs.FindIndex(r => r.RunId == run.RunId);
        if (at >= 0)
        {
            state.State.Runs[at] = finished;
        }

        running = null;
        try
        {
            await OweFinishedAsync(finished);
            await WriteAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ConnectorsLog.RunNotStored(logger, ex, Id);
            return;
        }

        await HandOverEventsAsync();
    }

    /// <summary>
    /// Puts <c>connector.run-finished</c> for <paramref name="run"/> in the outbox, to be written with the run record; the
    /// events reminder (Orleans' minimum reminder period) is armed first, so a silo dying right after the write still wakes
    /// this grain to hand it over.
    /// </summary>
    private async Task OweFinishedAsync(ConnectorRun run)
    {
        try
        {
            var period = reminders.Value.MinimumReminderPeriod;
            await this.RegisterOrUpdateReminder(EventsReminder, period, period);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ConnectorsLog.ReminderFailed(logger, ex, Id); // the event is still owed: handed over after the write, or at the next activation
        }

        state.State.EventsOwed.Add(WebhookEvent.ConnectorRunFinished(Id, run.RunId, run.Status == ConnectorRunStatus.Succeeded ? "succeeded" : "failed",
            run.Read, run.Changed, run.Failed, run.Unmatched, run.Error, run.FinishedAt ?? clock.GetUtcNow()));
    }

    /// <summary>Writes the state, one write at a time; on a failure memory is read back from storage and the failure thrown.</summary>
    private async Task WriteAsync()
    {
        await writes.WaitAsync();
        try
        {
            await state.WriteOrReloadAsync(DeactivateOnIdle);
        }
        finally
        {
            writes.Release();
        }
    }

    /// <summary>
    /// Hands the owed events to the Webhooks module; once it has stored them they are removed (and that written) and the
    /// reminder goes. A failure leaves them owed for the reminder's next tick or the next activation.
    /// </summary>
    private async Task HandOverEventsAsync(bool reminderTick = false)
    {
        var owed = state.State.EventsOwed.ToList();
        if (owed.Count == 0 && !reminderTick)
        {
            return;
        }

        try
        {
            if (owed.Count > 0)
            {
                if (!await GrainFactory.GetWebhookPublisher().PublishAsync(owed))
                {
                    ConnectorsLog.EventsNotHandedOver(logger, null, Id);
                    return;
                }

                state.State.EventsOwed.RemoveAll(e => owed.Any(o => o.EventId == e.EventId));
                await WriteAsync();
            }

            if (state.State.EventsOwed.Count == 0 && await this.GetReminder(EventsReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ConnectorsLog.EventsNotHandedOver(logger, ex, Id);
        }
    }

    /// <summary>
    /// A partner's failure in words, looking inside wrappers; null for anything that is not the partner's (a bug: logged
    /// with its stack, and the run still records it).
    /// </summary>
    private string? Describe(Exception ex)
    {
        var partner = $"{Id} ({Options.BaseUrl})";
        return ex switch
        {
            PartnerDataException data => data.Message,
            ApiException { InnerException: JsonException json } => $"{partner} answered a malformed body: {json.Message}",
            ApiException api => $"{partner} answered {(int)api.StatusCode} {api.ReasonPhrase} to {api.HttpMethod} {api.Uri?.AbsolutePath} (after retries).",
            JsonException json => $"{partner} answered a malformed body: {json.Message}",
            BrokenCircuitException => $"The circuit to {partner} is open after repeated failures: it was not called. It is tried again after Connectors:{Id}:Resilience:BreakDuration ({Options.Resilience.BreakDuration}).",
            TimeoutRejectedException timeout => $"{partner} did not answer in time ({timeout.Timeout}).",
            HttpRequestException http => $"{partner} could not be reached: {http.Message}",
            TaskCanceledException => $"{partner} did not answer in time (HttpClient timeout).",
            { InnerException: { } inner } => Describe(inner), // Refit wraps a failed send (ApiRequestException)
            _ => null,
        };
    }
}
