using System.Globalization;
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

    public static Dictionary<string, string?> Settings(PartnerStub register, PartnerStub payGap) => new(
        ConnectorSettings.For(Register, register, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), ("ApiKey", "register-test-key")))
    {
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

/// <summary>
/// A connector switched on against its partner stub with resilience short enough for tests: two retries 50 ms apart (a
/// <c>Retry-After</c> still honoured up to 5 s), a circuit that needs 20 attempts to judge (it never opens in these tests),
/// attempts and the whole call timing out as given; then the connector's own keys (<c>Connectors:{id}:{key}</c>).
/// </summary>
internal static class ConnectorSettings
{
    public static Dictionary<string, string?> For(
        string id, PartnerStub stub, TimeSpan attemptTimeout, TimeSpan totalTimeout, params (string Key, string Value)[] own)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Connectors:{id}:Enabled"] = "true",
            [$"Connectors:{id}:BaseUrl"] = stub.BaseUrl.ToString(),
            [$"Connectors:{id}:Resilience:AttemptTimeout"] = attemptTimeout.ToString("c", CultureInfo.InvariantCulture),
            [$"Connectors:{id}:Resilience:TotalTimeout"] = totalTimeout.ToString("c", CultureInfo.InvariantCulture),
            [$"Connectors:{id}:Resilience:MaxRetryAttempts"] = "2",
            [$"Connectors:{id}:Resilience:RetryDelay"] = "00:00:00.050",
            [$"Connectors:{id}:Resilience:MaxRetryDelay"] = "00:00:05",
            [$"Connectors:{id}:Resilience:MinimumThroughput"] = "20",
            [$"Connectors:{id}:Resilience:FailureRatio"] = "0.9",
        };
        foreach (var (key, value) in own)
        {
            settings[$"Connectors:{id}:{key}"] = value;
        }

        return settings;
    }
}
