using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Operations;

/// <summary>
/// With <c>Telemetry:OtlpEndpoint</c> set, the platform sends OpenTelemetry traces and metrics over OTLP/HTTP to a
/// collector — here a real HTTP server on 127.0.0.1 keeping what it is sent. A request's trace holds its HTTP span, the
/// grain calls it made and the PostgreSQL commands they ran; the metrics hold HTTP, Orleans and Npgsql instruments.
/// (OTLP bodies are protobuf, in which names and attribute values appear as plain UTF-8: the test looks for them there.)
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, byte[] Body)> received = new();
    private PartnerStub collector = null!;
    private PlatformApp app = null!;

    public async Task InitializeAsync()
    {
        collector = await PartnerStub.StartAsync();
        collector.Default = async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path, body.ToArray()));
            context.Response.StatusCode = 200;
        };
        app = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = collector.BaseUrl.ToString(),
            ["Telemetry:MetricsInterval"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await collector.DisposeAsync();
    }

    [Fact]
    public async Task ARequest_IsTracedThroughItsGrainCallsToPostgreSql_AndMetricsAreSent()
    {
        var employer = $"otel-{Guid.NewGuid():N}"[..20];
        await app.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", """{"name":"Traced Ltd","sites":[{"localAuthority":"E08000003","headcount":12}]}""");

        await Eventually.HoldsAsync(
            () => Task.FromResult(Sent("/v1/traces")),
            traces => traces.Contains("/api/v1/employers/{employerId}", StringComparison.Ordinal) // the HTTP span's route
                      && traces.Contains("IEmployerGrain", StringComparison.Ordinal) // a grain call of that request
                      && traces.Contains("postgresql", StringComparison.Ordinal), // a PostgreSQL command (db.system)
            "the request's HTTP span, grain call and PostgreSQL command sent to the collector", TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(
            () => Task.FromResult(Sent("/v1/metrics")),
            metrics => metrics.Contains("http.server.request.duration", StringComparison.Ordinal)
                       && metrics.Contains("Microsoft.Orleans", StringComparison.Ordinal)
                       && metrics.Contains("Npgsql", StringComparison.Ordinal),
            "HTTP, Orleans and Npgsql metrics sent to the collector", TimeSpan.FromSeconds(60));
        Assert.NotNull(app.App.Services.GetService<TracerProvider>());
    }

    private string Sent(string path) =>
        string.Join('\n', received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));
}
