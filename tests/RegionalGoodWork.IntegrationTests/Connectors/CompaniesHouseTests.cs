using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Connectors;

/// <summary>
/// The <c>companies-house</c> connector against a stub of Companies House on 127.0.0.1 that replays a real
/// <c>GET /company/{number}</c> answer (Data/README.md) with each test company's number, name, status, SIC codes and
/// postcode, and 404 for a number it does not know.
/// </summary>
[Collection(CompaniesHouseCollection.Name)]
public sealed class CompaniesHouseTests(CompaniesHouseApp fixture)
{
    private PlatformApp App => fixture.App;

    private CompanyRegister Register => fixture.Register;

    [Fact]
    public async Task Sync_ActiveDissolvedAndUnknownCompanies_RecordsEach_FlagsTheDissolvedAndTheUnknown_AndARerunChangesNothing()
    {
        var (active, dissolved, unknown) = (ConnectorRequests.NewId("ch-active"), ConnectorRequests.NewId("ch-gone"), ConnectorRequests.NewId("ch-unknown"));
        var (a, d, u) = (ConnectorRequests.NewCompanyNumber(), ConnectorRequests.NewCompanyNumber(), ConnectorRequests.NewCompanyNumber());
        await App.DefineEmployerAsync(active, a);
        await App.DefineEmployerAsync(dissolved, d);
        await App.DefineEmployerAsync(unknown, u);
        Register.Add(a, "ACTIVE TEST LTD", "active", ["62020", "64921"], "M1 1AE");
        Register.Add(d, "GONE TEST LTD", "dissolved", ["47110"], "BL1 1RU");

        var first = await App.SyncAsync(CompaniesHouseApp.Id);
        var second = await App.SyncAsync(CompaniesHouseApp.Id);

        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal(3, first.GetProperty("changed").GetInt32());
        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        Assert.Equal(0, second.GetProperty("changed").GetInt32());
        var recorded = (await App.GetJsonAsync<JsonElement>($"/api/v1/employers/{active}")).GetProperty("companiesHouse");
        Assert.Equal("ACTIVE TEST LTD", recorded.GetProperty("name").GetString());
        Assert.Equal("active", recorded.GetProperty("status").GetString());
        Assert.Equal(["62020", "64921"], recorded.GetProperty("sicCodes").EnumerateArray().Select(c => c.GetString()!));
        Assert.Equal("M1 1AE", recorded.GetProperty("postcode").GetString());
        Assert.InRange(recorded.GetProperty("checkedAt").GetDateTimeOffset(),
            first.GetProperty("startedAt").GetDateTimeOffset(), first.GetProperty("finishedAt").GetDateTimeOffset());
        Assert.Null(Flag(recorded));
        var gone = (await App.GetJsonAsync<JsonElement>($"/api/v1/employers/{dissolved}")).GetProperty("companiesHouse");
        Assert.Equal(("dissolved", "dissolved"), (gone.GetProperty("status").GetString(), Flag(gone)));
        Assert.Equal("unknown", Flag((await App.GetJsonAsync<JsonElement>($"/api/v1/employers/{unknown}")).GetProperty("companiesHouse")));
        foreach (var run in new[] { first, second })
        {
            var flagged = run.GetProperty("flagged").EnumerateArray()
                .ToDictionary(f => f.GetProperty("employerId").GetString()!, f => f.GetProperty("flag").GetString());
            Assert.Equal("dissolved", flagged.GetValueOrDefault(dissolved));
            Assert.Equal("unknown", flagged.GetValueOrDefault(unknown));
            Assert.False(flagged.ContainsKey(active));
        }
    }

    [Fact]
    public async Task Sync_SendsTheApiKeyAsTheBasicUserNameWithAnEmptyPassword()
    {
        var (employer, number) = (ConnectorRequests.NewId("ch-auth"), ConnectorRequests.NewCompanyNumber());
        await App.DefineEmployerAsync(employer, number);
        Register.Add(number, "AUTH TEST LTD", "active", ["62020"], "M2 3AW");

        Assert.Equal("succeeded", (await App.SyncAsync(CompaniesHouseApp.Id)).GetProperty("status").GetString());

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CompaniesHouseApp.ApiKey}:"));
        Assert.Contains(Register.Seen, s => s.Number == number);
        Assert.All(Register.Seen, s => Assert.Equal(expected, s.Authorization));
    }

    [Fact]
    public async Task AStatusChange_IsRecorded_AndFlagsTheEmployer()
    {
        var (employer, number) = (ConnectorRequests.NewId("ch-change"), ConnectorRequests.NewCompanyNumber());
        await App.DefineEmployerAsync(employer, number);
        Register.Add(number, "CHANGING TEST LTD", "active", ["62020"], "M3 3EB");
        await App.SyncAsync(CompaniesHouseApp.Id);

        Register.Add(number, "CHANGING TEST LTD", "liquidation", ["62020"], "M3 3EB");
        var run = await App.SyncAsync(CompaniesHouseApp.Id);

        Assert.Equal(1, run.GetProperty("changed").GetInt32());
        var recorded = (await App.GetJsonAsync<JsonElement>($"/api/v1/employers/{employer}")).GetProperty("companiesHouse");
        Assert.Equal(("liquidation", "dissolved"), (recorded.GetProperty("status").GetString(), Flag(recorded)));
    }

    [Fact]
    public async Task Sync_HoldsThePartnersLimit_NoMoreRequestsInAnyWindowThanConfigured_AndStillSucceeds()
    {
        var employers = Enumerable.Range(0, 5).Select(_ => (Id: ConnectorRequests.NewId("ch-limit"), Number: ConnectorRequests.NewCompanyNumber())).ToList();
        foreach (var (id, number) in employers)
        {
            await App.DefineEmployerAsync(id, number);
            Register.Add(number, "LIMITED TEST LTD", "active", ["62020"], "M4 4AA");
        }

        var from = Register.Seen.Count;
        var run = await App.SyncAsync(CompaniesHouseApp.Id);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(5, run.GetProperty("changed").GetInt32());
        var at = Register.Seen.Skip(from).Select(s => s.At).Order().ToList();
        Assert.True(at.Count > CompaniesHouseApp.RequestsPerWindow, $"only {at.Count} requests: the limit was not put to the test");
        var window = CompaniesHouseApp.Window - TimeSpan.FromMilliseconds(100); // the stub's clock reads arrivals, not starts
        foreach (var start in at)
        {
            Assert.InRange(at.Count(t => t >= start && t - start < window), 1, CompaniesHouseApp.RequestsPerWindow);
        }
    }

    /// <summary>
    /// On a platform of its own whose client-side limit never binds (600 per 5 s), so only the partner's word can make
    /// the second request wait.
    /// </summary>
    [Fact]
    public async Task WhenThePartnerSaysNoneRemain_TheNextRequestWaitsForItsReset()
    {
        var register = new CompanyRegister();
        await using var stub = await PartnerStub.StartAsync();
        stub.Reset(register.AnswerAsync);
        var settings = CompaniesHouseApp.Settings(stub);
        settings[$"Connectors:{CompaniesHouseApp.Id}:RequestsPerWindow"] = "600";
        settings[$"Connectors:{CompaniesHouseApp.Id}:Window"] = "00:00:05";
        await using var app = await PlatformApp.StartOnPostgresAsync(settings);
        var employers = Enumerable.Range(0, 2).Select(_ => (Id: ConnectorRequests.NewId("ch-remain"), Number: ConnectorRequests.NewCompanyNumber())).ToList();
        foreach (var (id, number) in employers)
        {
            await app.DefineEmployerAsync(id, number);
            register.Add(number, "REMAIN TEST LTD", "active", ["62020"], "M5 5AA");
        }

        var reset = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddSeconds(3).ToUnixTimeSeconds()); // 2–3 s away, within the window
        register.ExhaustNext(reset);

        var run = await app.SyncAsync(CompaniesHouseApp.Id);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var seen = register.Seen;
        Assert.Equal(2, seen.Count);
        Assert.True(seen[1].At >= reset - TimeSpan.FromMilliseconds(50), $"the request after Remain 0 came at {seen[1].At:O}, before the reset {reset:O}");
    }

    [Fact]
    public async Task FlaggedEmployers_AreListedForTheOperatorOfTheirRegion_OnlyThere_AndDropOffOnceActiveAgain()
    {
        var (gone, unknown, elsewhere) = (ConnectorRequests.NewId("ch-fl-gone"), ConnectorRequests.NewId("ch-fl-unk"), ConnectorRequests.NewId("ch-fl-lcr"));
        var (g, u, e) = (ConnectorRequests.NewCompanyNumber(), ConnectorRequests.NewCompanyNumber(), ConnectorRequests.NewCompanyNumber());
        await App.DefineEmployerAsync(gone, g);     // Bolton: Greater Manchester
        await App.DefineEmployerAsync(unknown, u);  // Bolton, a number Companies House does not know
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{elsewhere}", Profile(e, "E08000012")); // Liverpool
        Register.Add(g, "GONE FLAG TEST LTD", "dissolved", ["47110"], "BL1 1RU");
        Register.Add(e, "ELSEWHERE FLAG TEST LTD", "liquidation", ["47110"], "L1 1JQ");
        var gmOperator = await App.IssueKeyAsync("region-operator", $$"""{"regionCode":"{{GreaterManchester}}"}""");
        var lcrOperator = await App.IssueKeyAsync("region-operator", $$"""{"regionCode":"{{LiverpoolCityRegion}}"}""");

        var first = await App.SyncAsync(CompaniesHouseApp.Id);
        var gm = await FlaggedAsync(GreaterManchester, gmOperator);
        var lcr = await FlaggedAsync(LiverpoolCityRegion, lcrOperator);

        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal(("dissolved", "dissolved", "Connector Test Ltd", g), (Text(gm[gone], "flag"), Text(gm[gone], "status"), Text(gm[gone], "name"), Text(gm[gone], "companyNumber")));
        Assert.Equal("unknown", Text(gm[unknown], "flag"));
        Assert.False(gm.ContainsKey(elsewhere));
        Assert.Equal(("dissolved", "liquidation"), (Text(lcr[elsewhere], "flag"), Text(lcr[elsewhere], "status")));
        Assert.False(lcr.ContainsKey(gone));
        var firstCheck = gm[gone].GetProperty("checkedAt").GetDateTimeOffset();
        Assert.InRange(firstCheck, first.GetProperty("startedAt").GetDateTimeOffset(), first.GetProperty("finishedAt").GetDateTimeOffset());
        Assert.Equal(firstCheck, gm[gone].GetProperty("flaggedSince").GetDateTimeOffset());

        // Another region's operator, an employer and an anonymous caller may not read Greater Manchester's list.
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, $"/api/v1/regions/{GreaterManchester}/flagged-employers", lcrOperator));
        var employerKey = await App.IssueKeyAsync("employer", $$"""{"employerId":"{{gone}}"}""");
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, $"/api/v1/regions/{GreaterManchester}/flagged-employers", employerKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await App.StatusAsync(HttpMethod.Get, $"/api/v1/regions/{GreaterManchester}/flagged-employers", null));

        // Nor through the connector's run records: they name flagged employers of every region to the admin only.
        Assert.Equal(new[] { (string?)"dissolved", "unknown" }, FlaggedInRun(await RunsAsync(PlatformApp.AdminKey), first, gone, unknown));
        foreach (var runs in new[] { await RunsAsync(lcrOperator), await RunsAsync(gmOperator) })
        {
            Assert.Equal(new string?[] { null, null }, FlaggedInRun(runs, first, gone, unknown));
        }

        using (var status = await App.SendAsync(HttpMethod.Get, $"/api/v1/connectors/{CompaniesHouseApp.Id}", lcrOperator))
        {
            var lastRun = (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lastRun");
            Assert.True(!lastRun.TryGetProperty("flagged", out var named) || named.ValueKind == JsonValueKind.Null, lastRun.ToString());
        }

        // The company is active again, the unknown one still unknown, and the Liverpool employer moves to Bolton.
        Register.Add(g, "GONE FLAG TEST LTD", "active", ["47110"], "BL1 1RU");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{elsewhere}", Profile(e, "E08000001"));
        App.Clock.Advance(TimeSpan.FromHours(1));
        var second = await App.SyncAsync(CompaniesHouseApp.Id);
        gm = await FlaggedAsync(GreaterManchester, gmOperator);
        lcr = await FlaggedAsync(LiverpoolCityRegion, lcrOperator);

        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        Assert.False(gm.ContainsKey(gone));
        Assert.Equal(firstCheck, gm[unknown].GetProperty("flaggedSince").GetDateTimeOffset()); // flagged since the first run
        Assert.True(gm[unknown].GetProperty("checkedAt").GetDateTimeOffset() >= firstCheck + TimeSpan.FromHours(1));
        Assert.Equal("liquidation", Text(gm[elsewhere], "status"));
        Assert.False(lcr.ContainsKey(elsewhere));
    }

    [Fact]
    public async Task FlaggedEmployers_OfARegionNotOnThePlatform_Answers404_AndOfABadCode400()
    {
        Assert.Equal(HttpStatusCode.NotFound, await App.StatusAsync(HttpMethod.Get, "/api/v1/regions/E47999999/flagged-employers", PlatformApp.AdminKey));
        Assert.Equal(HttpStatusCode.BadRequest, await App.StatusAsync(HttpMethod.Get, "/api/v1/regions/manchester/flagged-employers", PlatformApp.AdminKey));
    }

    private const string GreaterManchester = "E47000001";

    private const string LiverpoolCityRegion = "E47000004";

    private static string Profile(string companyNumber, string council) =>
        $$"""{"name":"Elsewhere Test Ltd","companyNumber":"{{companyNumber}}","sites":[{"localAuthority":"{{council}}","headcount":12}]}""";

    /// <summary>The region's flagged employers as its operator reads them, by employer id (200 asserted).</summary>
    private async Task<Dictionary<string, JsonElement>> FlaggedAsync(string region, string key)
    {
        using var response = await App.SendAsync(HttpMethod.Get, $"/api/v1/regions/{region}/flagged-employers", key);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(region, body.GetProperty("regionCode").GetString());
        return body.GetProperty("employers").EnumerateArray().ToDictionary(f => f.GetProperty("employerId").GetString()!, f => f.Clone());
    }

    /// <summary>The connector's runs as <paramref name="key"/> reads them (200 asserted).</summary>
    private async Task<JsonElement> RunsAsync(string key)
    {
        using var response = await App.SendAsync(HttpMethod.Get, $"/api/v1/connectors/{CompaniesHouseApp.Id}/runs", key);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    /// <summary>The flag the run <paramref name="run"/> names for each employer, as listed in <paramref name="runs"/> (null: not named).</summary>
    private static string?[] FlaggedInRun(JsonElement runs, JsonElement run, params string[] employers)
    {
        var listed = runs.EnumerateArray().Single(r => r.GetProperty("runId").GetString() == run.GetProperty("runId").GetString());
        var flagged = listed.TryGetProperty("flagged", out var f) && f.ValueKind == JsonValueKind.Array
            ? f.EnumerateArray().ToDictionary(e => e.GetProperty("employerId").GetString()!, e => e.GetProperty("flag").GetString())
            : [];
        return [.. employers.Select(e => flagged.GetValueOrDefault(e))];
    }

    private static string? Text(JsonElement element, string property) => element.GetProperty(property).GetString();

    private static string? Flag(JsonElement record) =>
        record.TryGetProperty("flag", out var flag) && flag.ValueKind == JsonValueKind.String ? flag.GetString() : null;
}

/// <summary>
/// The platform on PostgreSQL with only the <c>companies-house</c> connector switched on, pointing at a stub of
/// Companies House (<see cref="CompanyRegister"/>) on 127.0.0.1; short resilience as in <see cref="ConnectorsApp"/>, and the
/// partner's limit held at <see cref="RequestsPerWindow"/> requests per <see cref="Window"/> (so a run of a dozen
/// companies takes a few seconds).
/// </summary>
public sealed class CompaniesHouseApp : IAsyncLifetime
{
    public const string Id = "companies-house";

    public const string ApiKey = "ch-test-key";

    public const int RequestsPerWindow = 3;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    public PlatformApp App { get; private set; } = null!;

    public PartnerStub Stub { get; private set; } = null!;

    public CompanyRegister Register { get; } = new();

    public async Task InitializeAsync()
    {
        Stub = await PartnerStub.StartAsync();
        Stub.Reset(Register.AnswerAsync);
        App = await PlatformApp.StartOnPostgresAsync(Settings(Stub));
    }

    public static Dictionary<string, string?> Settings(PartnerStub stub) => ConnectorSettings.For(
        Id, stub, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15),
        ("ApiKey", ApiKey), ("RequestsPerWindow", RequestsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Window", "00:00:02"));

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Stub.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class CompaniesHouseCollection : ICollectionFixture<CompaniesHouseApp>
{
    public const string Name = "companies-house";
}

/// <summary>
/// The stub's Companies House: answers <c>GET /company/{number}</c> with the real profile (Data/company-profile-07798925.json)
/// rewritten to a company added here, 404 for any other number; remembers each request's number and Authorization.
/// Companies are only added or changed, never removed, so earlier tests' employers keep their answers.
/// </summary>
public sealed class CompanyRegister
{
    private static readonly string Profile = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Connectors", "Data", "company-profile-07798925.json"));

    private readonly ConcurrentDictionary<string, string> companies = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Number, string? Authorization, DateTimeOffset At)> seen = new();
    private long exhaustUntil;

    public IReadOnlyList<(string Number, string? Authorization, DateTimeOffset At)> Seen => [.. seen];

    public void Add(string number, string name, string status, IReadOnlyList<string> sicCodes, string postcode)
    {
        var profile = JsonNode.Parse(Profile)!.AsObject();
        profile["company_number"] = number;
        profile["company_name"] = name;
        profile["company_status"] = status;
        profile["status"] = status;
        profile["sic_codes"] = new JsonArray([.. sicCodes.Select(c => (JsonNode)JsonValue.Create(c))]);
        profile["registered_office_address"]!["postal_code"] = postcode;
        companies[number] = profile.ToJsonString();
    }

    /// <summary>The next answer says, as Companies House does, that the key has no requests left until <paramref name="reset"/>.</summary>
    public void ExhaustNext(DateTimeOffset reset) => Interlocked.Exchange(ref exhaustUntil, reset.ToUnixTimeSeconds());

    public async Task AnswerAsync(HttpContext context)
    {
        var number = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) is ["company", var n] ? n : "";
        seen.Enqueue((number, context.Request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow));
        var reset = Interlocked.Exchange(ref exhaustUntil, 0);
        context.Response.Headers["X-Ratelimit-Limit"] = "600";
        context.Response.Headers["X-Ratelimit-Window"] = "5m";
        context.Response.Headers["X-Ratelimit-Remain"] = reset == 0 ? "599" : "0";
        context.Response.Headers["X-Ratelimit-Reset"] = (reset == 0 ? DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() : reset)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!companies.TryGetValue(number, out var body))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await PartnerStub.Body("application/json", """{"errors":[{"error":"company-profile-not-found","type":"ch:service"}]}""")(context);
            return;
        }

        await PartnerStub.Body("application/json", body)(context);
    }
}
