using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RegionalGoodWork.Host.Operations;

/// <summary>
/// The operators' signals: OpenTelemetry traces and metrics for HTTP (ASP.NET Core in, HttpClient out to partners), grain
/// calls (Orleans' activity sources and meters; the silo propagates trace context across calls) and PostgreSQL (Npgsql),
/// exported over OTLP when <c>Telemetry:OtlpEndpoint</c> is set (<see cref="TelemetryOptions"/>).
/// </summary>
internal static class Telemetry
{
    /// <summary>Orleans' activity sources: the runtime's own calls and the application's grain calls.</summary>
    private static readonly string[] OrleansSources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Registers the OpenTelemetry pipeline when an OTLP endpoint is configured; true when it did.</summary>
    public static bool AddPlatformTelemetry(this WebApplicationBuilder builder)
    {
        var options = TelemetryOptions.From(builder.Configuration);
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return false;
        }

        var protocol = options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        void Otlp(OtlpExporterOptions o, string signal)
        {
            o.Protocol = protocol;
            // Over HTTP each signal has its own path under the collector's address; gRPC takes the address as it is.
            o.Endpoint = protocol == OtlpExportProtocol.Grpc ? endpoint : new Uri(endpoint, signal);
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(OrleansSources)
                .AddOtlpExporter(o => Otlp(o, "v1/traces")))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans", "Npgsql")
                .AddOtlpExporter((o, reader) =>
                {
                    Otlp(o, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.MetricsInterval.TotalMilliseconds;
                }));
        return true;
    }
}
