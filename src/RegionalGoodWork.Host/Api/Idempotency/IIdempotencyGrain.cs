namespace RegionalGoodWork.Host.Api.Idempotency;

/// <summary>
/// One <c>Idempotency-Key</c> in its scope (key: <see cref="IdempotencyKey.Scope"/>): the request it was first sent with
/// and, once answered, that answer for 24 hours. Non-reentrant, so two requests under one key are decided one at a time.
/// </summary>
internal interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>
    /// Decides what a request under this key does: <see cref="IdempotencyVerdict.Run"/> (no answer yet, nobody running:
    /// the caller holds the key until it completes or releases its ticket), <see cref="IdempotencyVerdict.Replay"/> (same
    /// request, answered: here is the answer), <see cref="IdempotencyVerdict.OtherRequest"/> (the key was first used with
    /// another body) or <see cref="IdempotencyVerdict.InProgress"/> (the same request is running now).
    /// </summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotentRequest request);

    /// <summary>Keeps the answer for 24 hours. The first answer stands: a later completion under the key changes nothing.</summary>
    Task CompleteAsync(Guid ticket, IdempotentRequest request, IdempotentAnswer answer);

    /// <summary>The run ended without a final answer (an outage, a crash): the next request under the key runs.</summary>
    Task ReleaseAsync(Guid ticket);
}

/// <summary>A request under a key: its fingerprint (<see cref="IdempotencyKey.FingerprintAsync"/>) and method and path, for people.</summary>
[GenerateSerializer, Immutable, Alias("rgw.idempotency.request")]
internal sealed record IdempotentRequest([property: Id(0)] string Fingerprint, [property: Id(1)] string Resource);

/// <summary>A final answer as sent: status, content type, <c>Location</c> and body bytes.</summary>
[GenerateSerializer, Immutable, Alias("rgw.idempotency.answer")]
internal sealed record IdempotentAnswer(
    [property: Id(0)] int Status,
    [property: Id(1)] string? ContentType,
    [property: Id(2)] string? Location,
    [property: Id(3)] byte[] Body);

[GenerateSerializer, Alias("rgw.idempotency.verdict")]
internal enum IdempotencyVerdict
{
    Run = 0,
    Replay = 1,
    OtherRequest = 2,
    InProgress = 3,
}

/// <summary>What <see cref="IIdempotencyGrain.ClaimAsync"/> decided: a ticket to run with, or the answer to replay.</summary>
[GenerateSerializer, Immutable, Alias("rgw.idempotency.claim")]
internal sealed record IdempotencyClaim(
    [property: Id(0)] IdempotencyVerdict Verdict,
    [property: Id(1)] Guid Ticket = default,
    [property: Id(2)] IdempotentAnswer? Answer = null);

internal static class IdempotencyGrainKeys
{
    public static IIdempotencyGrain GetIdempotency(this IGrainFactory grains, string scope) => grains.GetGrain<IIdempotencyGrain>(scope);
}
