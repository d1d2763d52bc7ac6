using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Webhooks.Contracts;

namespace RegionalGoodWork.Webhooks;

[GenerateSerializer, Alias("rgw.webhooks.state")]
internal sealed class WebhookState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public string Url { get; set; } = string.Empty;

    [Id(2)] public List<string> Events { get; set; } = [];

    /// <summary>The signing secret (<c>whsec_…</c>); kept as it is, since every delivery is signed with it.</summary>
    [Id(3)] public string Secret { get; set; } = string.Empty;

    [Id(4)] public string CreatedBy { get; set; } = string.Empty;

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Oldest first: every pending delivery, and the last <see cref="WebhooksOptions.DeliveriesKept"/> finished ones.</summary>
    [Id(6)] public List<DeliveryRecord> Deliveries { get; set; } = [];
}

/// <summary>
/// One event owed to (or sent to) this webhook. <see cref="Body"/> is fixed when queued, so every attempt sends the same
/// bytes under the same <c>webhook-id</c> (<see cref="EventId"/>). <see cref="NextAttemptAt"/> is in real time (the runtime's
/// clock: backoff is real waiting), <see cref="LastAttemptAt"/> on the platform clock like every other recorded time.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.webhooks.delivery-record")]
internal sealed record DeliveryRecord(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] string Body,
    [property: Id(3)] int Attempts,
    [property: Id(4)] WebhookDeliveryStatus Status,
    [property: Id(5)] DateTimeOffset? LastAttemptAt,
    [property: Id(6)] DateTimeOffset NextAttemptAt,
    [property: Id(7)] string? LastError);

/// <summary>
/// A webhook: its subscription and its durable delivery queue. An event is queued (stored) before the publisher is told
/// it is, with the wake reminder armed first, so after a crash the reminder re-activates the webhook and sending resumes.
/// Sending runs on a timer that interleaves with the grain's calls, so queueing never waits for a receiver: the timer
/// sends every due delivery, records the attempt (2xx delivered; else retried after an exponential, jittered backoff,
/// failed after <see cref="WebhooksOptions.MaxAttempts"/>) and stores the queue. Writes are serialised by a gate, since a
/// send's write and a queueing's write may otherwise overlap; a failed write reads the state back (attempts not stored are
/// made again). An attempt made but not yet stored when the silo dies is made
/// again, under the same <c>webhook-id</c>: receivers de-duplicate by it (Standard Webhooks).
/// </summary>
[GrainType("webhook")]
internal sealed class WebhookGrain(
    [PersistentState("webhook")] IPersistentState<WebhookState> state,
    WebhookSender sender,
    IOptions<WebhooksOptions> options,
    PlatformClock clock,
    ILogger<WebhookGrain> logger) : Grain, IWebhookGrain, IWebhookQueueGrain, IRemindable
{
    internal const string WakeReminder = "webhook-deliveries";

    /// <summary>How often the sending timer looks for due deliveries while any is pending.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly SemaphoreSlim writes = new(1, 1);
    private IGrainTimer? sending;
    private bool reminderArmed;

    private WebhookState S => state.State;

    private string WebhookId => this.GetPrimaryKeyString();

    private WebhooksOptions Options => options.Value;

    /// <summary>Real time, for backoff (the platform clock may be moved by tests; waiting is real).</summary>
    private static DateTimeOffset RealNow => TimeProvider.System.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Deliveries.Any(d => d.Status == WebhookDeliveryStatus.Pending))
        {
            reminderArmed = true; // armed before the write that queued them; removed once none is pending
            StartSending();
        }

        return base.OnActivateAsync(cancellationToken);
    }

    public async Task<Outcome<WebhookCreated>> CreateAsync(CreateWebhook command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (S.Exists)
        {
            return Problem.Conflict($"Webhook '{WebhookId}' exists already.");
        }

        var errors = new ValidationErrors();
        if (!Uri.TryCreate(command.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(url.UserInfo) || url.Fragment.Length > 0)
        {
            errors.Add("url", "An absolute http or https address, without user info or fragment, where each delivery is POSTed.");
        }

        var events = command.Events ?? [];
        if (events.Count == 0)
        {
            errors.Add("events", $"At least one event type: {string.Join(", ", WebhookEventTypes.All)}.");
        }

        foreach (var unknown in events.Where(e => !WebhookEventTypes.IsKnown(e)).Distinct(StringComparer.Ordinal))
        {
            errors.Add("events", $"'{unknown}' is not an event type; the types are {string.Join(", ", WebhookEventTypes.All)}.");
        }

        if (errors.Any)
        {
            return Problem.Invalid(errors);
        }

        var types = events.Distinct(StringComparer.Ordinal).ToList();

        // Listed first: once this answers, every event raised after it reaches this webhook.
        await GrainFactory.GetWebhookRegistry().AddAsync(WebhookId, types);
        S.Exists = true;
        S.Url = url!.AbsoluteUri;
        S.Events = types;
        S.Secret = WebhookSignature.NewSecret();
        S.CreatedBy = command.CreatedBy;
        S.CreatedAt = clock.GetUtcNow();
        await WriteAsync();

        WebhooksLog.Created(logger, WebhookId, command.CreatedBy, string.Join(",", types));
        return Outcome<WebhookCreated>.Ok(new WebhookCreated(WebhookId, S.Secret));
    }

    public Task<Outcome<IReadOnlyList<WebhookDelivery>>> GetDeliveriesAsync() =>
        Task.FromResult(S.Exists
            ? Outcome<IReadOnlyList<WebhookDelivery>>.Ok(S.Deliveries.AsEnumerable().Reverse()
                .Select(d => new WebhookDelivery(d.EventId, d.Type, d.Attempts, d.Status, d.LastAttemptAt)).ToList())
            : Problem.NotFound("webhook", WebhookId));

    public async Task<bool> EnqueueAsync(IReadOnlyList<WebhookEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!S.Exists)
        {
            return true; // listed, never stored: it takes nothing
        }

        // Events that happened before this webhook existed (handed over late, after a crash) are not its business.
        var wanted = events.Where(e => S.Events.Contains(e.Type, StringComparer.Ordinal) && e.OccurredAt >= S.CreatedAt)
            .Where(e => !S.Deliveries.Any(d => d.EventId == e.EventId))
            .ToList();
        if (wanted.Count == 0)
        {
            return true;
        }

        try
        {
            if (wanted.Count > 0 && !reminderArmed)
            {
                // Before the write that makes deliveries pending: after a crash, the reminder is what wakes this webhook.
                await this.RegisterOrUpdateReminder(WakeReminder, Options.WakePeriod, Options.WakePeriod);
                reminderArmed = true;
            }

            var now = RealNow;
            S.Deliveries.AddRange(wanted.Select(e => new DeliveryRecord(e.EventId, e.Type, e.Body(), 0, WebhookDeliveryStatus.Pending, null, now, null)));
            await WriteAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not stored (memory was read back from storage): forget them, so the next hand-over queues (and stores) them again.
            S.Deliveries.RemoveAll(d => wanted.Any(w => w.EventId == d.EventId));
            WebhooksLog.EnqueueFailed(logger, ex, WebhookId);
            return false;
        }

        StartSending();
        return true;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation started the sending; a reminder left with nothing pending goes at the next pass.
        StartSending();
        return Task.CompletedTask;
    }

    private void StartSending()
    {
        sending ??= this.RegisterGrainTimer(SendDueAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Poll) { Interleave = true, KeepAlive = true });
    }

    /// <summary>One pass: every due delivery is attempted at once; their outcomes are recorded and stored together.</summary>
    private async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var now = RealNow;
        var due = S.Deliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now).ToList();
        if (due.Count == 0)
        {
            if (!S.Deliveries.Any(d => d.Status == WebhookDeliveryStatus.Pending))
            {
                await StopSendingAsync();
            }

            return;
        }

        var (url, secret, at) = (new Uri(S.Url), S.Secret, clock.GetUtcNow());
        var outcomes = await Task.WhenAll(due.Select(async d => (Delivery: d, Result: await sender.SendAsync(url, secret, d.EventId, d.Body, at))));
        foreach (var (delivery, (delivered, error)) in outcomes)
        {
            var attempts = delivery.Attempts + 1;
            var index = S.Deliveries.FindIndex(d => d.EventId == delivery.EventId);
            if (index < 0)
            {
                continue;
            }

            if (delivered)
            {
                WebhooksLog.Delivered(logger, WebhookId, delivery.EventId, delivery.Type, attempts);
                S.Deliveries[index] = delivery with { Attempts = attempts, Status = WebhookDeliveryStatus.Delivered, LastAttemptAt = at, LastError = null };
            }
            else if (attempts >= Options.MaxAttempts)
            {
                WebhooksLog.GaveUp(logger, WebhookId, delivery.EventId, attempts, error!);
                S.Deliveries[index] = delivery with { Attempts = attempts, Status = WebhookDeliveryStatus.Failed, LastAttemptAt = at, LastError = error };
            }
            else
            {
                var wait = Backoff(attempts);
                WebhooksLog.AttemptFailed(logger, WebhookId, delivery.EventId, attempts, error!, wait);
                S.Deliveries[index] = delivery with { Attempts = attempts, LastAttemptAt = at, NextAttemptAt = RealNow + wait, LastError = error };
            }
        }

        Prune();
        try
        {
            await WriteAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Memory holds what storage holds again: these attempts are made again, under the same webhook-id.
            WebhooksLog.NotStored(logger, ex, WebhookId);
        }
    }

    /// <summary>
    /// The wait after the <paramref name="attempts"/>-th failed attempt: RetryDelay × 2^(attempts-1), at most MaxRetryDelay,
    /// jittered to between half and all of it (so receivers coming back are not hit by every sender at once).
    /// </summary>
    internal TimeSpan Backoff(int attempts)
    {
        var exponential = Options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(exponential, Options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    private void Prune()
    {
        var finished = S.Deliveries.Count(d => d.Status != WebhookDeliveryStatus.Pending);
        var surplus = finished - Options.DeliveriesKept;
        for (var i = 0; i < S.Deliveries.Count && surplus > 0;)
        {
            if (S.Deliveries[i].Status != WebhookDeliveryStatus.Pending)
            {
                S.Deliveries.RemoveAt(i);
                surplus--;
            }
            else
            {
                i++;
            }
        }
    }

    private async Task StopSendingAsync()
    {
        sending?.Dispose();
        sending = null;
        reminderArmed = false; // an enqueue interleaving with the removal below arms it again
        try
        {
            if (await this.GetReminder(WakeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            WebhooksLog.ReminderFailed(logger, ex, WebhookId, WakeReminder);
        }

        // Deliveries queued while the reminder was being removed (theirs may be the one just removed): armed again, sent on.
        if (S.Deliveries.Any(d => d.Status == WebhookDeliveryStatus.Pending))
        {
            try
            {
                await this.RegisterOrUpdateReminder(WakeReminder, Options.WakePeriod, Options.WakePeriod);
                reminderArmed = true;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                WebhooksLog.ReminderFailed(logger, ex, WebhookId, WakeReminder);
            }

            StartSending();
        }
    }

    /// <summary>
    /// Writes the state, one write at a time (a sending pass and a queueing interleave); on a failure memory is read back
    /// from storage (<see cref="StateWrites.WriteOrReloadAsync{TState}"/>) and the failure thrown.
    /// </summary>
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
}
