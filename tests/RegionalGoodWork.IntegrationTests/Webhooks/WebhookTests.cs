using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.IntegrationTests.Connectors;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Webhooks;

/// <summary>
/// Outbound change notifications against receivers on 127.0.0.1 that check the Standard Webhooks signature themselves:
/// a charter published, a membership's tier moving and a connector's run finishing each reach a subscribed receiver; a
/// receiver failing first gets the same <c>webhook-id</c> again and processes the event once; a receiver that never
/// answers 2xx is given up on after <c>Webhooks:MaxAttempts</c>; bad subscriptions answer 400 and non-admins 403.
/// </summary>
public sealed class WebhookTests(WebhookTests.WebhooksApp fixture) : IClassFixture<WebhookTests.WebhooksApp>
{
    private const string Register = "living-wage-register";

    private PlatformApp App => fixture.App;

    /// <summary>The platform with short backoff (0.3 s base, 3 attempts) and the living wage register's connector on a stub.</summary>
    public sealed class WebhooksApp : IAsyncLifetime
    {
        public PlatformApp App { get; private set; } = null!;

        public PartnerStub RegisterStub { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            RegisterStub = await PartnerStub.StartAsync();
            RegisterStub.Default = PartnerStub.Body("application/json", """{"employers":[]}""");
            App = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
            {
                ["Webhooks:RetryDelay"] = "00:00:00.300",
                ["Webhooks:MaxRetryDelay"] = "00:00:01",
                ["Webhooks:MaxAttempts"] = "3",
                ["Webhooks:AttemptTimeout"] = "00:00:05",
                [$"Connectors:{Register}:Enabled"] = "true",
                [$"Connectors:{Register}:BaseUrl"] = RegisterStub.BaseUrl.ToString(),
            });
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await RegisterStub.DisposeAsync();
        }
    }

    [Fact]
    public async Task ACharterPublished_ReachesTheSubscribedReceiver_SignedAsStandardWebhooks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, secret) = await SubscribeAsync(receiver, "charter.published");
        var charter = ConnectorRequests.NewId("wh-charter");

        await PublishCharterAsync(charter);

        var delivery = await ReceivedAsync(receiver, r => r.Data.GetProperty("charterId").GetString() == charter, $"charter.published for {charter}");
        Assert.True(WebhookReceiver.SignatureHolds(delivery, secret), $"signature {delivery.Signature} over {delivery.Body}");
        Assert.Equal("charter.published", delivery.Type);
        Assert.Equal(1, delivery.Data.GetProperty("version").GetInt32());
        Assert.Equal(delivery.WebhookId, delivery.Json.GetProperty("id").GetString());
        Assert.Equal(App.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), delivery.Timestamp);
        var listed = await DeliveryAsync(id, delivery.WebhookId, d => d.GetProperty("status").GetString() == "delivered");
        Assert.Equal(("charter.published", 1), (listed.GetProperty("type").GetString(), listed.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task ASignatureUnderAnotherSecret_DoesNotHold()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await SubscribeAsync(receiver, "charter.published");
        var (_, otherSecret) = await SubscribeAsync(receiver, "connector.run-finished");
        var charter = ConnectorRequests.NewId("wh-other");

        await PublishCharterAsync(charter);

        var delivery = await ReceivedAsync(receiver, r => r.Data.GetProperty("charterId").GetString() == charter, $"charter.published for {charter}");
        Assert.True(WebhookReceiver.SignatureHolds(delivery, secret));
        Assert.False(WebhookReceiver.SignatureHolds(delivery, otherSecret));
        Assert.False(WebhookReceiver.SignatureHolds(delivery with { Body = delivery.Body.Replace(charter, "tampered", StringComparison.Ordinal) }, secret));
    }

    [Fact]
    public async Task AMembershipTierMoving_ReachesTheSubscribedReceiver()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await SubscribeAsync(receiver, "membership.tier-changed");
        var (charter, employer) = (ConnectorRequests.NewId("wh-tier"), ConnectorRequests.NewId("wh-employer"));
        await PublishCharterAsync(charter);
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", """{"name":"Webhook Test Ltd","sites":[{"localAuthority":"E08000001","headcount":40}]}""");
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{charter}}"}""");

        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", """{"items":[{"kind":"pay.rlw-accredited","value":true}]}""");

        var delivery = await ReceivedAsync(receiver, r => r.Data.GetProperty("employerId").GetString() == employer, $"membership.tier-changed for {employer}");
        Assert.True(WebhookReceiver.SignatureHolds(delivery, secret));
        Assert.Equal("membership.tier-changed", delivery.Type);
        Assert.Equal((charter, JsonValueKind.Null, "member"),
            (delivery.Data.GetProperty("charterId").GetString(), delivery.Data.GetProperty("tierBefore").ValueKind, delivery.Data.GetProperty("tierAfter").GetString()));
        Assert.Single(receiver.Requests, r => r.Data.GetProperty("employerId").GetString() == employer); // joining with no tier met raised nothing
    }

    [Fact]
    public async Task EvidenceLapsingUnrenewed_RaisesEvidenceExpired_AtTheEmployersNextChange()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await SubscribeAsync(receiver, "evidence.expired");
        var employer = ConnectorRequests.NewId("wh-expiry");
        const string Profile = """{"name":"Expiry Test Ltd","sites":[{"localAuthority":"E08000001","headcount":12}]}""";
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile);
        var until = DateOnly.FromDateTime(App.Clock.GetUtcNow().UtcDateTime).AddDays(2);
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence",
            $$"""{"items":[{"kind":"pay.rlw-accredited","value":true,"validUntil":"{{until:yyyy-MM-dd}}"},{"kind":"flex.flexible-from-day-one","value":true}]}""");

        // The day before it lapses: a change raises nothing. From its validUntil: the change (as the expiry reminder's
        // re-assessment would) raises it, once.
        App.Clock.Advance(TimeSpan.FromDays(1));
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile);
        App.Clock.Advance(TimeSpan.FromDays(2));
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile);
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile);

        var delivery = await ReceivedAsync(receiver, r => r.Data.GetProperty("employerId").GetString() == employer, $"evidence.expired for {employer}");
        Assert.True(WebhookReceiver.SignatureHolds(delivery, secret));
        Assert.Equal(("pay.rlw-accredited", $"{until:yyyy-MM-dd}"), (delivery.Data.GetProperty("kind").GetString(), delivery.Data.GetProperty("validUntil").GetString()));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Single(receiver.Requests, r => r.Data.GetProperty("employerId").GetString() == employer);
    }

    [Fact]
    public async Task AConnectorRunFinishing_ReachesTheSubscribedReceiver()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, secret) = await SubscribeAsync(receiver, "connector.run-finished");

        var run = await App.SyncAsync(Register);

        var runId = run.GetProperty("runId").GetString();
        var delivery = await ReceivedAsync(receiver, r => r.Data.GetProperty("runId").GetString() == runId, $"connector.run-finished for run {runId}");
        Assert.True(WebhookReceiver.SignatureHolds(delivery, secret));
        Assert.Equal((Register, "succeeded"), (delivery.Data.GetProperty("connectorId").GetString(), delivery.Data.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task AReceiverFailingFirst_GetsTheSameWebhookIdAgain_AndProcessesTheEventOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Then(500);
        var (id, secret) = await SubscribeAsync(receiver, "charter.published");
        var charter = ConnectorRequests.NewId("wh-retry");

        await PublishCharterAsync(charter);

        var listed = await DeliveryAsync(id, null, d => d.GetProperty("status").GetString() == "delivered");
        var attempts = receiver.Requests.Where(r => r.Data.GetProperty("charterId").GetString() == charter).ToList();
        Assert.Equal([500, 204], attempts.Select(a => a.Answered));
        Assert.Single(attempts.Select(a => a.WebhookId).Distinct());
        Assert.All(attempts, a => Assert.True(WebhookReceiver.SignatureHolds(a, secret)));
        Assert.Single(receiver.Effective, r => r.Data.GetProperty("charterId").GetString() == charter);
        Assert.Equal((attempts[0].WebhookId, 2), (listed.GetProperty("eventId").GetString(), listed.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task AReceiverThatNeverAccepts_IsGivenUpOn_AfterMaxAttempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.DefaultStatus = 503;
        var (id, _) = await SubscribeAsync(receiver, "charter.published");

        await PublishCharterAsync(ConnectorRequests.NewId("wh-fail"));

        var listed = await DeliveryAsync(id, null, d => d.GetProperty("status").GetString() == "failed", TimeSpan.FromSeconds(30));
        Assert.Equal(3, listed.GetProperty("attempts").GetInt32());
        await Task.Delay(TimeSpan.FromSeconds(2)); // longer than MaxRetryDelay: a fourth attempt would have come
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Fact]
    public async Task ASubscriptionToAnotherType_ReceivesNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (id, _) = await SubscribeAsync(receiver, "evidence.expired");

        await PublishCharterAsync(ConnectorRequests.NewId("wh-none"));
        await App.SyncAsync(Register);

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(receiver.Requests);
        Assert.Empty((await App.GetJsonAsync<JsonElement>($"/api/v1/webhooks/{id}/deliveries")).EnumerateArray());
    }

    [Theory]
    [InlineData("""{"url":"ftp://127.0.0.1/hook","events":["charter.published"]}""", "url")]
    [InlineData("""{"url":"/relative/hook","events":["charter.published"]}""", "url")]
    [InlineData("""{"events":["charter.published"]}""", "url")]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","events":["charter.deleted"]}""", "events")]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","events":[]}""", "events")]
    [InlineData("""{"url":"http://127.0.0.1:9/hook","events":"charter.published"}""", "events")]
    [InlineData("""["http://127.0.0.1:9/hook"]""", "$")]
    public async Task ABadUrlOrEvent_Answers400ProblemJson_AndCreatesNoWebhook(string body, string field)
    {
        var before = await StoredWebhooksAsync();

        using var response = await App.SendAsync(HttpMethod.Post, "/api/v1/webhooks", PlatformApp.AdminKey, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await StoredWebhooksAsync());
    }

    [Fact]
    public async Task ANonAdmin_Answers403_AndCreatesNoWebhook()
    {
        var operatorKey = await App.IssueKeyAsync("region-operator", """{"regionCode":"E47000001"}""");
        var employerKey = await App.IssueKeyAsync("employer", """{"employerId":"wh-someone"}""");
        var (id, _) = await SubscribeAsync(new Uri("http://127.0.0.1:9/hook"), "evidence.expired");
        var before = await StoredWebhooksAsync();

        foreach (var key in new[] { operatorKey, employerKey })
        {
            Assert.Equal(HttpStatusCode.Forbidden,
                await App.StatusAsync(HttpMethod.Post, "/api/v1/webhooks", key, """{"url":"http://127.0.0.1:9/hook","events":["charter.published"]}"""));
            Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, $"/api/v1/webhooks/{id}/deliveries", key));
        }

        Assert.Equal(HttpStatusCode.Unauthorized,
            await App.StatusAsync(HttpMethod.Post, "/api/v1/webhooks", null, """{"url":"http://127.0.0.1:9/hook","events":["charter.published"]}"""));
        Assert.Equal(before, await StoredWebhooksAsync());
    }

    [Fact]
    public async Task Deliveries_OfAnUnknownWebhook_Answer404()
    {
        Assert.Equal(HttpStatusCode.NotFound, await App.StatusAsync(HttpMethod.Get, $"/api/v1/webhooks/{Guid.NewGuid():N}/deliveries", PlatformApp.AdminKey));
        Assert.Equal(HttpStatusCode.NotFound, await App.StatusAsync(HttpMethod.Get, "/api/v1/webhooks/not-an-id/deliveries", PlatformApp.AdminKey));
    }

    private Task<(string Id, string Secret)> SubscribeAsync(WebhookReceiver receiver, params string[] events) => SubscribeAsync(receiver.Url, events);

    private async Task<(string Id, string Secret)> SubscribeAsync(Uri url, params string[] events)
    {
        using var response = await App.SendAsync(HttpMethod.Post, "/api/v1/webhooks", PlatformApp.AdminKey,
            JsonSerializer.Serialize(new { url = url.ToString(), events }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("id").GetString()!, body.GetProperty("secret").GetString()!);
    }

    private async Task PublishCharterAsync(string charterId)
    {
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/charters/{charterId}/draft", $$$"""
            {"name":"Webhook Charter {{{charterId}}}","owner":"E47000001","tiers":["member"],"requirements":[
              {"id":"rlw","title":"Pays the real Living Wage","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
            """);
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/charters/{charterId}/publish", "{}");
    }

    private static Task<WebhookReceiver.Received> ReceivedAsync(WebhookReceiver receiver, Func<WebhookReceiver.Received, bool> which, string what) =>
        Eventually.HoldsAsync(
            () => Task.FromResult(receiver.Requests.FirstOrDefault(r => r.Answered is >= 200 and < 300 && which(r))),
            r => r is not null, what, TimeSpan.FromSeconds(30))!;

    private Task<JsonElement> DeliveryAsync(string webhookId, string? eventId, Func<JsonElement, bool> condition, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(
            async () => (await App.GetJsonAsync<JsonElement>($"/api/v1/webhooks/{webhookId}/deliveries")).EnumerateArray()
                .FirstOrDefault(d => eventId is null || d.GetProperty("eventId").GetString() == eventId),
            d => d.ValueKind == JsonValueKind.Object && condition(d),
            $"a delivery of webhook {webhookId} to hold", timeout ?? TimeSpan.FromSeconds(30));

    private async Task<long> StoredWebhooksAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(App.Database!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM rgw_grain_state WHERE grain_type = 'webhook'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
