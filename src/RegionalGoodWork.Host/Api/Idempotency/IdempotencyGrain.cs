using System.Diagnostics;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api.Idempotency;

[GenerateSerializer, Alias("rgw.idempotency.state")]
internal sealed class IdempotencyState
{
    [Id(0)] public IdempotentRequest? Request { get; set; }

    [Id(1)] public IdempotentAnswer? Answer { get; set; }

    [Id(2)] public DateTimeOffset AnsweredAt { get; set; }

    /// <summary>From here on the key is free again (<see cref="IdempotencyGrain.Lifetime"/> after the answer).</summary>
    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// One idempotency key in its scope (<see cref="IIdempotencyGrain"/>). The answer is stored in its own storage provider
/// (<see cref="Storage"/>, the platform's database, rows deleted on clear). Who is running is held in memory only, with a
/// lease: a request that dies with its silo leaves nothing that blocks the key, and a host that called <c>Claim</c> and
/// never came back blocks it for <see cref="Lease"/> at most. Expiry is read lazily (an expired answer is no answer), and
/// a reminder armed with each answer deletes the row once it has expired, so keys used once do not pile up.
/// </summary>
[GrainType("idempotency")]
internal sealed partial class IdempotencyGrain(
    [PersistentState("idempotency", IdempotencyGrain.Storage)] IPersistentState<IdempotencyState> state,
    PlatformClock clock,
    ILogger<IdempotencyGrain> logger) : Grain, IIdempotencyGrain, IRemindable
{
    /// <summary>The grain storage provider holding answers (AdoNet, <c>DeleteStateOnClear</c>).</summary>
    public const string Storage = "idempotency";

    /// <summary>How long an answer is replayed (api.md: 24 hours).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>How long a claim blocks the key without completing or releasing (a host that died mid-request).</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    internal const string ExpiryReminder = "idempotency-expiry";

    /// <summary>Only matters when the reminder fires before the answer has expired or fails to clear: tried again then.</summary>
    private static readonly TimeSpan ExpiryRetry = TimeSpan.FromHours(1);

    private (Guid Ticket, string Fingerprint, long Since)? running;

    /// <summary>An answer held in memory whose write failed: replayed all the same, and written at the next call.</summary>
    private bool unstored;

    public async Task<IdempotencyClaim> ClaimAsync(IdempotentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await StoreIfOwedAsync();
        if (Answered() is { } answered)
        {
            return answered.Request?.Fingerprint == request.Fingerprint
                ? new IdempotencyClaim(IdempotencyVerdict.Replay, Answer: answered.Answer)
                : new IdempotencyClaim(IdempotencyVerdict.OtherRequest);
        }

        if (running is { } run && Stopwatch.GetElapsedTime(run.Since) < Lease)
        {
            return new IdempotencyClaim(run.Fingerprint == request.Fingerprint ? IdempotencyVerdict.InProgress : IdempotencyVerdict.OtherRequest);
        }

        var ticket = Guid.NewGuid();
        running = (ticket, request.Fingerprint, Stopwatch.GetTimestamp());
        return new IdempotencyClaim(IdempotencyVerdict.Run, ticket);
    }

    public async Task CompleteAsync(Guid ticket, IdempotentRequest request, IdempotentAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(answer);
        if (running?.Ticket == ticket)
        {
            running = null;
        }

        if (Answered() is not null)
        {
            IdempotencyLog.SecondAnswerIgnored(logger, request.Resource, answer.Status);
            return;
        }

        var now = clock.GetUtcNow();
        state.State = new IdempotencyState { Request = request, Answer = answer, AnsweredAt = now, ExpiresAt = now + Lifetime };
        unstored = true;

        // Armed before the write: a stored answer always has what deletes it (unless arming failed; then it is
        // deleted only when its key is next used, and overwritten).
        await TryArmExpiryAsync(Lifetime);
        await state.WriteStateAsync();
        unstored = false;
    }

    public Task ReleaseAsync(Guid ticket)
    {
        if (running?.Ticket == ticket)
        {
            running = null;
        }

        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder || Answered() is not null)
        {
            return;
        }

        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        unstored = false;
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        if (running is null)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>The answer while it is replayed; null before the first answer and after it has expired.</summary>
    private IdempotencyState? Answered() =>
        state.State.Answer is not null && clock.GetUtcNow() < state.State.ExpiresAt ? state.State : null;

    private async Task StoreIfOwedAsync()
    {
        if (!unstored)
        {
            return;
        }

        try
        {
            await state.WriteStateAsync();
            unstored = false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            IdempotencyLog.AnswerNotStored(logger, ex, state.State.Request?.Resource ?? "?");
        }
    }

    private async Task TryArmExpiryAsync(TimeSpan due)
    {
        try
        {
            await this.RegisterOrUpdateReminder(ExpiryReminder, due, ExpiryRetry);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            IdempotencyLog.ExpiryNotArmed(logger, ex, state.State.Request?.Resource ?? "?");
        }
    }
}
