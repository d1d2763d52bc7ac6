using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;

namespace RegionalGoodWork.Connectors.Integrations;

/// <summary>
/// A partner's own rate limit, held on this side (one per connector and silo; a connector's runs are one grain's, so one
/// silo calls a partner at a time). Two rules, both in front of every attempt (retries count, as they do for the partner):
/// <list type="bullet">
/// <item>at most <c>Connectors:&lt;id&gt;:RequestsPerWindow</c> requests start within any <c>…:Window</c>: a permit of a
/// <see cref="ConcurrencyLimiter"/> (System.Threading.RateLimiting) is given back one window after its request started,
/// so the count holds in every window, not only in fixed ones; further requests queue for a permit, in order;</item>
/// <item>once the partner says it has nothing left (<c>X-Ratelimit-Remain: 0</c>), no request starts before its
/// <c>X-Ratelimit-Reset</c> (epoch seconds), waiting at most one window.</item>
/// </list>
/// </summary>
internal sealed class PartnerRateLimit(int? requestsPerWindow, TimeSpan window, TimeProvider time) : IDisposable
{
    private readonly ConcurrencyLimiter? limiter = requestsPerWindow is { } permits
        ? new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        })
        : null;

    private long pausedUntilTicks;

    public bool Limits => limiter is not null;

    /// <summary>Waits for the partner's reset (when it said Remain 0) and for a permit; the permit goes back one window later.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        var pause = new DateTimeOffset(Interlocked.Read(ref pausedUntilTicks), TimeSpan.Zero) - time.GetUtcNow();
        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause, time, cancellationToken);
        }

        if (limiter is null)
        {
            return Started.Lease;
        }

        var lease = await limiter.AcquireAsync(1, cancellationToken);
        if (!lease.IsAcquired)
        {
            return lease;
        }

        _ = GiveBackAsync(lease);
        return Started.Lease;
    }

    /// <summary>Reads the partner's <c>X-Ratelimit-Remain</c> and <c>X-Ratelimit-Reset</c> from an answer.</summary>
    public void Observe(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (Header(headers, "X-Ratelimit-Remain") is not <= 0 || Header(headers, "X-Ratelimit-Reset") is not { } reset)
        {
            return;
        }

        var now = time.GetUtcNow();
        var until = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(reset, 0, 253_402_300_799));
        until = until > now + window ? now + window : until;
        Interlocked.Exchange(ref pausedUntilTicks, Math.Max(Interlocked.Read(ref pausedUntilTicks), until.UtcTicks));
    }

    public void Dispose() => limiter?.Dispose();

    private static long? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values)
        && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    private async Task GiveBackAsync(RateLimitLease lease)
    {
        using (lease)
        {
            await Task.Delay(window, time, CancellationToken.None);
        }
    }

    /// <summary>What the pipeline holds while the request runs: the permit itself is given back by time, not by the request's end.</summary>
    private sealed class Started : RateLimitLease
    {
        public static readonly Started Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

/// <summary>Each connector's <see cref="PartnerRateLimit"/> in this silo.</summary>
internal sealed class ConnectorRateLimits(TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<string, PartnerRateLimit> limits = new(StringComparer.Ordinal);

    public PartnerRateLimit For(string connectorId, ConnectorOptions options) =>
        limits.GetOrAdd(connectorId, _ => new PartnerRateLimit(options.RequestsPerWindow, options.Window, time));

    public void Dispose()
    {
        foreach (var limit in limits.Values)
        {
            limit.Dispose();
        }
    }
}

/// <summary>Tells the connector's <see cref="PartnerRateLimit"/> what every answer says is left (inside the pipeline: every attempt's answer).</summary>
internal sealed class PartnerRateLimitHandler(PartnerRateLimit limit) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        limit.Observe(response.Headers);
        return response;
    }
}
