using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Refit;
using RegionalGoodWork.Connectors.Contracts;

namespace RegionalGoodWork.Connectors.Integrations;

/// <summary>
/// One Refit client per partner (source-generated: <c>AddRefitGeneratedClient</c>), each behind its own resilience pipeline
/// (Microsoft.Extensions.Http.Resilience, Polly v8), outermost first: total timeout; retry with exponential backoff and
/// jitter that waits a partner's <c>Retry-After</c> when it sends one; circuit breaker; the partner's own rate limit
/// (<see cref="PartnerRateLimit"/>: <c>Connectors:&lt;id&gt;:RequestsPerWindow</c> per <c>…:Window</c>, and a wait for the
/// partner's <c>X-Ratelimit-Reset</c> once it says none remain; every attempt counts, and an open circuit spends no
/// permit); attempt timeout (which so never includes the wait for a permit). Every value comes from
/// <c>Connectors:&lt;id&gt;:*</c>.
/// </summary>
internal static class ConnectorHttp
{
    public static IServiceCollection AddConnectorClient<TApi>(this IServiceCollection services, string connectorId, ConnectorAuth auth = ConnectorAuth.ApiKeyHeader)
        where TApi : class
    {
        var settings = new RefitSettings(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            TypeInfoResolver = ConnectorsJson.Default,
        }));
        var client = services.AddRefitGeneratedClient<TApi>(settings)
            .ConfigureHttpClient((sp, client) =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<ConnectorOptions>>().Get(connectorId);
                client.BaseAddress = options.BaseUrl;
                client.Timeout = options.Resilience.TotalTimeout + TimeSpan.FromSeconds(5); // the pipeline's timeouts answer first
                if (!string.IsNullOrEmpty(options.ApiKey) && auth == ConnectorAuth.BasicUserName)
                {
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                        "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.ApiKey}:")));
                }
                else if (!string.IsNullOrEmpty(options.ApiKey))
                {
                    client.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);
                }

                client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("RegionalGoodWork", "1.0"));
            });
        client.AddResilienceHandler($"connector-{connectorId}", (pipeline, context) =>
            {
                var connector = context.ServiceProvider.GetRequiredService<IOptionsMonitor<ConnectorOptions>>().Get(connectorId);
                var options = connector.Resilience;
                var circuits = context.ServiceProvider.GetRequiredService<ConnectorCircuits>();
                var limit = context.ServiceProvider.GetRequiredService<ConnectorRateLimits>().For(connectorId, connector);
                pipeline
                    .AddTimeout(options.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetryAttempts,
                        Delay = options.RetryDelay,
                        MaxDelay = options.MaxRetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = options.FailureRatio,
                        MinimumThroughput = options.MinimumThroughput,
                        SamplingDuration = options.SamplingDuration,
                        BreakDuration = options.BreakDuration,
                        StateProvider = circuits.For(connectorId),
                    })
                    .AddRateLimiter(new HttpRateLimiterStrategyOptions { RateLimiter = args => limit.AcquireAsync(args.Context.CancellationToken) })
                    .AddTimeout(options.AttemptTimeout);
            });

        // Inside the pipeline, so every attempt's answer tells the partner's limit what is left.
        client.AddHttpMessageHandler(sp => new PartnerRateLimitHandler(sp.GetRequiredService<ConnectorRateLimits>()
            .For(connectorId, sp.GetRequiredService<IOptionsMonitor<ConnectorOptions>>().Get(connectorId))));
        return services;
    }
}

/// <summary>How a partner is given <c>Connectors:&lt;id&gt;:ApiKey</c>.</summary>
internal enum ConnectorAuth
{
    /// <summary>An <c>X-Api-Key</c> header.</summary>
    ApiKeyHeader = 0,

    /// <summary>HTTP basic with the key as user name and an empty password (Companies House).</summary>
    BasicUserName = 1,
}

/// <summary>Each connector's circuit, as its breaker sees it in this silo.</summary>
internal sealed class ConnectorCircuits
{
    private readonly ConcurrentDictionary<string, CircuitBreakerStateProvider> providers = new(StringComparer.Ordinal);

    public CircuitBreakerStateProvider For(string connectorId) => providers.GetOrAdd(connectorId, _ => new CircuitBreakerStateProvider());

    /// <summary>Closed until the connector's first call builds its pipeline.</summary>
    public Contracts.CircuitState StateOf(string connectorId)
    {
        if (!providers.TryGetValue(connectorId, out var provider))
        {
            return Contracts.CircuitState.Closed;
        }

        try
        {
            return provider.CircuitState switch
            {
                Polly.CircuitBreaker.CircuitState.Open or Polly.CircuitBreaker.CircuitState.Isolated => Contracts.CircuitState.Open,
                Polly.CircuitBreaker.CircuitState.HalfOpen => Contracts.CircuitState.HalfOpen,
                _ => Contracts.CircuitState.Closed,
            };
        }
        catch (InvalidOperationException)
        {
            return Contracts.CircuitState.Closed; // not attached to a breaker yet
        }
    }
}
