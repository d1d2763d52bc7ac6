using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Connectors;

/// <summary>
/// The platform on PostgreSQL with both connectors switched on, each pointing at its own partner stub on 127.0.0.1, and
/// resilience short enough for tests: retries 50 ms apart (a <c>Retry-After</c> is still honoured up to 5 s), attempts
/// timing out after 1 s. The living wage register's circuit needs 20 attempts to judge (it never opens in these tests);
/// the gender pay gap service's opens after 4 failed attempts and tries again 1.5 s later. Schedules are a day long, so
/// only the tests start runs.
/// </summary>
public sealed class ConnectorsApp : IAsyncLifetime
{
    public const string Register = "living-wage-register";

    public const string PayGap = "gender-pay-gap-service";

    public PlatformApp App { get; private set; } = null!;

    public PartnerStub RegisterStub { get; private set; } = null!;

    public PartnerStub PayGapStub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        RegisterStub = await PartnerStub.StartAsync();
        PayGapStub = await PartnerStub.StartAsync();
        App = await PlatformApp.StartOnPostgresAsync(Settings(RegisterStub, PayGapStub));
    }

    public static Dictionary<string, string?> Settings(PartnerStub register, PartnerStub payGap) => new()
    {
        [$"Connectors:{Register}:Enabled"] = "true",
        [$"Connectors:{Register}:BaseUrl"] = register.BaseUrl.ToString(),
        [$"Connectors:{Register}:ApiKey"] = "register-test-key",
        [$"Connectors:{Register}:Resilience:AttemptTimeout"] = "00:00:01",
        [$"Connectors:{Register}:Resilience:TotalTimeout"] = "00:00:15",
        [$"Connectors:{Register}:Resilience:MaxRetryAttempts"] = "2",
        [$"Connectors:{Register}:Resilience:RetryDelay"] = "00:00:00.050",
        [$"Connectors:{Register}:Resilience:MaxRetryDelay"] = "00:00:05",
        [$"Connectors:{Register}:Resilience:MinimumThroughput"] = "20",
        [$"Connectors:{Register}:Resilience:FailureRatio"] = "0.9",
        [$"Connectors:{PayGap}:Enabled"] = "true",
        [$"Connectors:{PayGap}:BaseUrl"] = payGap.BaseUrl.ToString(),
        [$"Connectors:{PayGap}:Year"] = "2022",
        [$"Connectors:{PayGap}:Resilience:AttemptTimeout"] = "00:00:02",
        [$"Connectors:{PayGap}:Resilience:TotalTimeout"] = "00:00:15",
        [$"Connectors:{PayGap}:Resilience:MaxRetryAttempts"] = "1",
        [$"Connectors:{PayGap}:Resilience:RetryDelay"] = "00:00:00.050",
        [$"Connectors:{PayGap}:Resilience:MinimumThroughput"] = "4",
        [$"Connectors:{PayGap}:Resilience:FailureRatio"] = "0.5",
        [$"Connectors:{PayGap}:Resilience:SamplingDuration"] = "00:00:30",
        [$"Connectors:{PayGap}:Resilience:BreakDuration"] = "00:00:01.500",
    };

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await RegisterStub.DisposeAsync();
        await PayGapStub.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConnectorsCollection : ICollectionFixture<ConnectorsApp>
{
    public const string Name = "connectors";
}

/// <summary>What the connector tests do through the HTTP API.</summary>
internal static class ConnectorRequests
{
    /// <summary>Starts a sync (202 asserted) and waits for the run to finish; answers the finished run.</summary>
    public static async Task<JsonElement> SyncAsync(this PlatformApp app, string connectorId)
    {
        using var response = await app.Http.PostAsync(new Uri($"/api/v1/connectors/{connectorId}/sync", UriKind.Relative), null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToString());
        return await app.FinishedRunAsync(connectorId, body.GetProperty("runId").GetString()!);
    }

    public static async Task<JsonElement> FinishedRunAsync(this PlatformApp app, string connectorId, string runId) =>
        await Eventually.HoldsAsync(
            async () => (await app.GetJsonAsync<JsonElement>($"/api/v1/connectors/{connectorId}/runs")).EnumerateArray()
                .FirstOrDefault(r => r.GetProperty("runId").GetString() == runId),
            r => r.ValueKind == JsonValueKind.Object && r.GetProperty("status").GetString() != "running",
            $"run {runId} of {connectorId} to finish", TimeSpan.FromSeconds(60));

    /// <summary>An employer with a company number and a site in Bolton.</summary>
    public static Task DefineEmployerAsync(this PlatformApp app, string employerId, string companyNumber) =>
        app.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employerId}",
            $$"""{"name":"Connector Test Ltd","companyNumber":"{{companyNumber}}","sites":[{"localAuthority":"E08000001","headcount":40}]}""");

    /// <summary>The employer's every stored item of <paramref name="kind"/>, in the order stored: (value as JSON text, source).</summary>
    public static async Task<List<(string Value, string Source)>> ItemsAsync(this PlatformApp app, string employerId, string kind) =>
        (await app.HistoryAsync(employerId)).Where(i => i.GetProperty("kind").GetString() == kind)
            .Select(i => (i.GetProperty("value").GetRawText(), i.GetProperty("source").GetString()!)).ToList();

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>An unused Scottish company number (the platform's tests never reuse one).</summary>
    public static string NewCompanyNumber() => $"SC{RandomNumberGenerator.GetInt32(1_000_000):D6}";
}
