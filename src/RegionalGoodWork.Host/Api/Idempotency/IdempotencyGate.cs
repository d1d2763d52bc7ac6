using Microsoft.AspNetCore.Http.Features;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on every POST route (api.md: "Every POST that creates something accepts Idempotency-Key"),
/// once for all of them: a route that creates nothing says so with <see cref="IdempotencyKeyIgnoredExtensions.CreatesNothing{TBuilder}"/>,
/// one whose answer must never be stored with <see cref="IdempotencyKeyIgnoredExtensions.AnswersASecretOnce{TBuilder}"/>,
/// and is left alone. Runs after <see cref="ApiRequestGate"/> (a request it refuses never reaches a key).
/// <list type="bullet">
/// <item>No header: nothing changes.</item>
/// <item>A malformed header (<see cref="IdempotencyKey.Read"/>): 400, nothing runs.</item>
/// <item>Otherwise the key's grain (<see cref="IIdempotencyGrain"/>, scoped by caller, method and path) decides: run the
/// route and keep its answer, replay the answer kept (with <c>Idempotent-Replayed: true</c>), or 409 — the key was first
/// used with another body, or the same request is running now (<c>Retry-After: 1</c>; the second request does not wait).</item>
/// </list>
/// Only final answers are kept — 2xx, and 4xx caller errors; a 5xx (an outage's 503 included) or an exception releases
/// the key, so the retry after an outage really runs. The answer is held in memory until the route has finished, then
/// kept, then sent.
/// </summary>
internal sealed class IdempotencyGate(RequestDelegate next, IGrainFactory grains, ILogger<IdempotencyGate> logger)
{
    /// <summary>How long a caller whose key is in use is asked to wait.</summary>
    private const int InProgressRetryAfterSeconds = 1;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!Applies(context.GetEndpoint(), request.Method) || !request.Headers.TryGetValue(IdempotencyKey.Header, out var header))
        {
            await next(context);
            return;
        }

        var (key, error) = IdempotencyKey.Read(header);
        if (key is null)
        {
            await ApiResults.Invalid(IdempotencyKey.Header, error!).ExecuteAsync(context);
            return;
        }

        request.EnableBuffering();
        var fingerprint = await IdempotencyKey.FingerprintAsync(request, context.RequestAborted);
        request.Body.Position = 0;

        var path = (request.PathBase + request.Path).Value ?? "/";
        var what = new IdempotentRequest(fingerprint, $"{request.Method} {path}");
        var grain = grains.GetIdempotency(IdempotencyKey.Scope(IdempotencyKey.CallerOf(context), request.Method, path, key));
        var claim = await grain.ClaimAsync(what);
        switch (claim.Verdict)
        {
            case IdempotencyVerdict.Replay:
                await ReplayAsync(context, claim.Answer!);
                return;
            case IdempotencyVerdict.OtherRequest:
                await new Problem(ProblemKind.Conflict, "Idempotency-Key reused",
                        $"This {IdempotencyKey.Header} was first sent to {path} with another request body; a key stands for one request. " +
                        "Send a new key for a new request.")
                    .ToProblem().ExecuteAsync(context);
                return;
            case IdempotencyVerdict.InProgress:
                context.Response.Headers.RetryAfter = InProgressRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await new Problem(ProblemKind.Conflict, "Request in progress",
                        $"A request with this {IdempotencyKey.Header} is still being answered; retry in {InProgressRetryAfterSeconds} second(s) to get its answer.")
                    .ToProblem().ExecuteAsync(context);
                return;
        }

        await RunAsync(context, grain, claim.Ticket, what);
    }

    /// <summary>Every POST route unless it creates nothing.</summary>
    public static bool Applies(Endpoint? endpoint, string method) =>
        endpoint is not null && HttpMethods.IsPost(method) && endpoint.Metadata.GetMetadata<IdempotencyKeyIgnored>() is null;

    /// <summary>
    /// 2xx, and 4xx caller errors, are the request's answer. Anything else may differ next time: a 5xx (an outage's 503),
    /// and the 4xx that mean "not now" — 408 Request Timeout, 425 Too Early, 429 Too Many Requests.
    /// </summary>
    public static bool IsFinal(int status) =>
        status is >= 200 and < 300 or >= 400 and < 500 &&
        status is not (StatusCodes.Status408RequestTimeout or 425 or StatusCodes.Status429TooManyRequests);

    private async Task RunAsync(HttpContext context, IIdempotencyGrain grain, Guid ticket, IdempotentRequest what)
    {
        var response = context.Response;
        var sent = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        using var buffer = new MemoryStream();
        var held = new StreamResponseBodyFeature(buffer, sent);
        context.Features.Set<IHttpResponseBodyFeature>(held);
        try
        {
            await next(context);
            await held.CompleteAsync();
        }
        catch
        {
            // The exception handler answers (a 503 for an outage): not an answer to keep.
            await ReleaseAsync(grain, ticket, what);
            throw;
        }
        finally
        {
            context.Features.Set(sent);
        }

        if (IsFinal(response.StatusCode))
        {
            var answer = new IdempotentAnswer(response.StatusCode, response.ContentType, response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
                buffer.ToArray());
            try
            {
                await grain.CompleteAsync(ticket, what, answer);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The route has done its work: its answer is the truth, so it is sent all the same.
                IdempotencyLog.AnswerNotKept(logger, ex, what.Resource, response.StatusCode);
            }
        }
        else
        {
            await ReleaseAsync(grain, ticket, what);
        }

        if (buffer.Length > 0)
        {
            await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
    }

    private async Task ReleaseAsync(IIdempotencyGrain grain, Guid ticket, IdempotentRequest what)
    {
        try
        {
            await grain.ReleaseAsync(ticket);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            IdempotencyLog.NotReleased(logger, ex, what.Resource);
        }
    }

    private static async Task ReplayAsync(HttpContext context, IdempotentAnswer answer)
    {
        var response = context.Response;
        response.StatusCode = answer.Status;
        if (answer.ContentType is { } contentType)
        {
            response.ContentType = contentType;
        }

        if (answer.Location is { } location)
        {
            response.Headers.Location = location;
        }

        response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        if (answer.Body.Length > 0)
        {
            response.ContentLength = answer.Body.Length;
            await response.Body.WriteAsync(answer.Body);
        }
    }
}

/// <summary>
/// Endpoint metadata: <see cref="IdempotencyGate"/> ignores an <c>Idempotency-Key</c> on this POST, for the reason given —
/// it creates nothing (a what-if, a computation), or its answer must never be stored (it is the only copy of a secret).
/// Every other POST honours one.
/// </summary>
internal sealed class IdempotencyKeyIgnored(string why)
{
    public string Why { get; } = why;
}

internal static class IdempotencyKeyIgnoredExtensions
{
    /// <summary>The POST creates nothing: a retry is harmless as it is.</summary>
    public static TBuilder CreatesNothing<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyIgnored("it creates nothing"));

    /// <summary>
    /// The same body again changes nothing by itself (it is compared with what is stored), so a retry is harmless without a
    /// key — and a key would make the gate hold the whole body (a file of any size) to fingerprint it.
    /// </summary>
    public static TBuilder RepeatsChangeNothing<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyIgnored("the same body again changes nothing, and fingerprinting would hold the whole file"));

    /// <summary>The POST answers a secret shown once: its answer is never stored, so a retry creates another (revocable) one.</summary>
    public static TBuilder AnswersASecretOnce<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyIgnored("its answer is the only copy of a secret and is never stored"));
}
