namespace RegionalGoodWork.Host.Operations;

/// <summary>
/// <c>Telemetry:*</c>: where the platform's OpenTelemetry traces and metrics go. Without an endpoint nothing is collected
/// (no listener, no cost); with one, HTTP requests, grain calls, PostgreSQL commands and partner calls are traced and
/// measured and sent over OTLP. Read once when the host is built (the pipeline is fixed for the process's life).
/// </summary>
internal sealed record TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary><c>Telemetry:OtlpEndpoint</c> (<c>RGW_OTLP_ENDPOINT</c>): an OpenTelemetry collector's OTLP address, e.g. <c>http://127.0.0.1:4318</c>.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary><c>Telemetry:OtlpProtocol</c>: <c>http/protobuf</c> (default; the collector's port 4318) or <c>grpc</c> (4317).</summary>
    public string OtlpProtocol { get; init; } = "http/protobuf";

    /// <summary><c>Telemetry:MetricsInterval</c>: how often metrics are sent (default 00:01:00).</summary>
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary><c>Telemetry:ServiceName</c>: the service name the signals carry (default <c>regionalgoodwork</c>).</summary>
    public string ServiceName { get; init; } = "regionalgoodwork";

    public static TelemetryOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            throw new InvalidOperationException($"Telemetry:OtlpEndpoint must be an absolute http(s) address, not '{endpoint}'.");
        }

        if (options.OtlpProtocol is not ("http/protobuf" or "grpc"))
        {
            throw new InvalidOperationException($"Telemetry:OtlpProtocol must be 'http/protobuf' or 'grpc', not '{options.OtlpProtocol}'.");
        }

        if (options.MetricsInterval < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException($"Telemetry:MetricsInterval must be at least 00:00:01, not {options.MetricsInterval}.");
        }

        return options;
    }
}
