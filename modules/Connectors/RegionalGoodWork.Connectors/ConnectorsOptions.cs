using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Connectors.Contracts;
using RegionalGoodWork.Connectors.Integrations;

namespace RegionalGoodWork.Connectors;

/// <summary>
/// One connector's configuration, section <c>Connectors:&lt;id&gt;</c> (README: configuration keys): named options, one
/// name per connector id, bound and validated at start-up (<see cref="ConnectorOptionsRegistration"/>).
/// </summary>
internal sealed class ConnectorOptions
{
    public const string Section = "Connectors";

    /// <summary><c>Connectors:&lt;id&gt;:Enabled</c>: off by default, so nothing is called that was not configured.</summary>
    public bool Enabled { get; set; }

    /// <summary><c>Connectors:&lt;id&gt;:BaseUrl</c>: the partner's root; the connector calls only paths under it. Required when enabled.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary><c>Connectors:&lt;id&gt;:ApiKey</c>: sent as <c>X-Api-Key</c> when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary><c>Connectors:&lt;id&gt;:Schedule</c>: the period of the sync's reminder (≥ <c>Orleans:MinimumReminderPeriod</c>).</summary>
    public TimeSpan Schedule { get; set; } = TimeSpan.FromDays(1);

    /// <summary><c>Connectors:gender-pay-gap-service:Year</c>: the reporting year to fetch; unset = the latest completed one.</summary>
    public int? Year { get; set; }

    /// <summary>
    /// <c>Connectors:ons:Datasets:0</c>, <c>…:1</c>, …: the ONS "Explore local statistics" CSVs to import, each a path (with
    /// an optional query) under <see cref="BaseUrl"/>, e.g. <c>/explore-local-statistics/employment-rate.csv</c>. Required
    /// (at least one) when the ons connector is enabled; never an absolute URL, so the connector calls only its BaseUrl.
    /// </summary>
    public List<string> Datasets { get; set; } = [];

    /// <summary>
    /// <c>Connectors:contracts-finder:PublishedFrom</c>: where the first run's window starts (notices published from then);
    /// unset = one year before the first run. Later runs start where the last successful one ended (the cursor).
    /// </summary>
    public DateTimeOffset? PublishedFrom { get; set; }

    /// <summary><c>Connectors:contracts-finder:PageSize</c>: the search's <c>limit</c>, notices per page (1–100).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// <c>Connectors:&lt;id&gt;:RequestsPerWindow</c>: the partner's own limit, held on this side — at most this many requests
    /// (retries included) start within any <see cref="Window"/>. Null = none; <c>companies-house</c>: 600 (per 5 minutes).
    /// </summary>
    public int? RequestsPerWindow { get; set; }

    /// <summary>
    /// <c>Connectors:&lt;id&gt;:Window</c>: the window of <see cref="RequestsPerWindow"/>, and the longest wait for the partner's
    /// <c>X-Ratelimit-Reset</c> once it says none remain.
    /// </summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary><c>Connectors:&lt;id&gt;:Resilience:*</c>: the pipeline around every call to the partner.</summary>
    public ConnectorResilienceOptions Resilience { get; set; } = new();
}

/// <summary>Timeout, retry (backoff with jitter, honouring <c>Retry-After</c>) and circuit breaker of one connector.</summary>
internal sealed class ConnectorResilienceOptions
{
    /// <summary>Each attempt's timeout.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole call's timeout, retries and their delays included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The base of the exponential backoff (jittered).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between attempts, a partner's <c>Retry-After</c> included.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts within <see cref="SamplingDuration"/> before the ratio counts.</summary>
    public int MinimumThroughput { get; set; } = 4;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an open circuit refuses calls before it lets one try.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

internal static class ConnectorOptionsRegistration
{
    public static IServiceCollection AddConnectorOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>();
        foreach (var id in ConnectorIds.All)
        {
            var options = services.AddOptions<ConnectorOptions>(id);
            if (id == ConnectorIds.CompaniesHouse)
            {
                // Companies House allows 600 requests per 5 minutes per key. A call may wait a whole window for a permit,
                // so its total timeout is longer than the window. Configuration, bound after, overrides both.
                options.Configure(o =>
                {
                    o.RequestsPerWindow = 600;
                    o.Resilience.TotalTimeout = o.Window + TimeSpan.FromMinutes(1);
                });
            }

            options.Bind(configuration.GetSection($"{ConnectorOptions.Section}:{id}")).ValidateOnStart();
        }

        return services;
    }
}

/// <summary>A value that cannot work stops the start, with a message naming its key.</summary>
internal sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorOptions options)
    {
        var key = $"{ConnectorOptions.Section}:{name}";
        var failures = new List<string>();
        if (options.Enabled && options.BaseUrl is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
        {
            failures.Add($"{key}:BaseUrl must be an absolute http(s) URL when {key}:Enabled is true (was '{options.BaseUrl}').");
        }

        if (name == ConnectorIds.Ons && options.Enabled && options.Datasets.Count == 0)
        {
            failures.Add($"{key}:Datasets must list at least one CSV path under {key}:BaseUrl when {key}:Enabled is true ({key}:Datasets:0 = /path/file.csv).");
        }

        foreach (var dataset in options.Datasets.Where(d => !OnsDataset.IsValid(d)))
        {
            failures.Add($"{key}:Datasets: '{dataset}' must be a path under {key}:BaseUrl (optionally with a query), not an absolute URL and without '..' segments.");
        }

        if (options.Schedule <= TimeSpan.Zero)
        {
            failures.Add($"{key}:Schedule must be positive (was {options.Schedule}).");
        }

        if (options.Year is < 2017 or > 9999)
        {
            failures.Add($"{key}:Year must be a reporting year from 2017 (was {options.Year}).");
        }

        if (options.PageSize is < 1 or > 100)
        {
            failures.Add($"{key}:PageSize must be 1–100 (was {options.PageSize}).");
        }

        if (options.RequestsPerWindow is < 1 || options.Window < TimeSpan.FromMilliseconds(100)
            || (options.RequestsPerWindow is not null && options.Resilience.TotalTimeout <= options.Window))
        {
            failures.Add($"{key}:RequestsPerWindow must be at least 1, Window at least 100 ms, and with a RequestsPerWindow, Resilience:TotalTimeout longer than Window (a call may wait a window for a permit) (were {options.RequestsPerWindow}, {options.Window}, {options.Resilience.TotalTimeout}).");
        }

        var r = options.Resilience;
        if (r.AttemptTimeout < TimeSpan.FromMilliseconds(10) || r.TotalTimeout < r.AttemptTimeout)
        {
            failures.Add($"{key}:Resilience:AttemptTimeout must be at least 10 ms and TotalTimeout at least as long (were {r.AttemptTimeout}, {r.TotalTimeout}).");
        }

        if (r.MaxRetryAttempts is < 0 or > 10 || r.RetryDelay < TimeSpan.Zero || r.MaxRetryDelay < r.RetryDelay)
        {
            failures.Add($"{key}:Resilience: MaxRetryAttempts 0–10, RetryDelay ≥ 0 and MaxRetryDelay ≥ RetryDelay (were {r.MaxRetryAttempts}, {r.RetryDelay}, {r.MaxRetryDelay}).");
        }

        if (r.FailureRatio is <= 0 or > 1 || r.MinimumThroughput < 2 || r.SamplingDuration < TimeSpan.FromMilliseconds(500)
            || r.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            failures.Add($"{key}:Resilience: FailureRatio in (0, 1], MinimumThroughput ≥ 2, SamplingDuration and BreakDuration ≥ 0.5 s.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
