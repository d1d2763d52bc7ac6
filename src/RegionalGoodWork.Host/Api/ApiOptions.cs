using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Configuration of the HTTP API (section <c>Api</c>), bound and validated at start-up and injected as
/// <c>IOptions&lt;ApiOptions&gt;</c>, the way the modules bind theirs.
/// </summary>
internal sealed record ApiOptions
{
    public const string Section = "Api";

    /// <summary><c>Api:MaxBodyBytes</c>: larger request bodies answer 413 (default 16 MiB).</summary>
    public long MaxBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// <c>Api:ImportMaxBodyBytes</c>: the body limit of <c>POST /employers/import</c>, which streams its file (default 1 GiB;
    /// 100,000 employers with five evidence columns take about 8 MB).
    /// </summary>
    public long ImportMaxBodyBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary><c>Api:RateLimit:*</c>: how many requests each caller may make per window (Access/RateLimits.cs).</summary>
    public RateLimitOptions RateLimit { get; init; } = new();
}

/// <summary>
/// <c>Api:RateLimit:*</c>: a fixed window per caller — an issued key (by its id), the configured admin key, or an
/// anonymous caller's remote address. The defaults are meant for production: an employer's or partner's system sending
/// ten requests a second for a minute is refused; people and their scripts never notice.
/// </summary>
internal sealed record RateLimitOptions
{
    /// <summary><c>Api:RateLimit:Enabled</c>: <c>false</c> switches every limit off (benchmarks, load tests).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>Api:RateLimit:Window</c>: the window the permits are counted in (default 00:01:00).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Api:RateLimit:KeyPermits</c>: requests per window for each issued key (default 600).</summary>
    public int KeyPermits { get; init; } = 600;

    /// <summary><c>Api:RateLimit:AdminPermits</c>: requests per window for the configured admin key and each issued admin key (default 6,000).</summary>
    public int AdminPermits { get; init; } = 6000;

    /// <summary><c>Api:RateLimit:AnonymousPermits</c>: requests per window for callers without a known key, per remote address (default 600).</summary>
    public int AnonymousPermits { get; init; } = 600;
}

/// <summary>Binds <see cref="ApiOptions"/> to <c>Api</c> and validates it when the host starts; Kestrel takes its body limit from it.</summary>
internal static class ApiOptionsRegistration
{
    public static OptionsBuilder<ApiOptions> AddApiOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Limits.MaxRequestBodySize = api.Value.MaxBodyBytes);
        return services.AddOptions<ApiOptions>()
            .Bind(configuration.GetSection(ApiOptions.Section))
            .ValidateOnStart();
    }
}

/// <summary>A value that cannot work stops the start, with a message naming its key.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        if (options.MaxBodyBytes <= 0)
        {
            failures.Add($"{ApiOptions.Section}:MaxBodyBytes must be positive (was {options.MaxBodyBytes}).");
        }

        if (options.ImportMaxBodyBytes <= 0)
        {
            failures.Add($"{ApiOptions.Section}:ImportMaxBodyBytes must be positive (was {options.ImportMaxBodyBytes}).");
        }

        var limits = options.RateLimit;
        const string prefix = $"{ApiOptions.Section}:RateLimit";
        if (limits.Window <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:Window must be positive (was {limits.Window}).");
        }

        foreach (var (key, permits) in new[] { ("KeyPermits", limits.KeyPermits), ("AdminPermits", limits.AdminPermits), ("AnonymousPermits", limits.AnonymousPermits) })
        {
            if (permits <= 0)
            {
                failures.Add($"{prefix}:{key} must be positive (was {permits}); to switch limits off, set {prefix}:Enabled to false.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
