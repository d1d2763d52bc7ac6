using System.Net;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Webhooks;

/// <summary>
/// The platform killed with SIGKILL (kill -9) while a delivery it owes is on the wire: the receiver holds the first attempt
/// unanswered. After a restart nothing calls the platform; the webhook's reminder wakes it from storage and the event is
/// delivered, under the same <c>webhook-id</c>, so the receiver processes it once.
/// </summary>
public sealed class WebhookCrashTests
{
    private static Dictionary<string, string?> Settings => new()
    {
        ["Orleans:MinimumReminderPeriod"] = "00:00:02",
        ["Modules:Charters:FanOutReminderPeriod"] = "00:00:02",
        ["Webhooks:WakePeriod"] = "00:00:02",
        ["Webhooks:AttemptTimeout"] = "00:02:00",
        ["Webhooks:RetryDelay"] = "00:00:01",
    };

    [Fact]
    public async Task KilledWhileADeliveryIsOnTheWire_AfterARestart_TheEventIsDelivered_UnderTheSameWebhookId()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var (arrived, release) = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource());
        receiver.ThenHold(release.Task, 503, arrived);
        var charter = $"wh-crash-{Guid.NewGuid():N}"[..20];
        string webhookId;

        // 1. Subscribed, then a charter published (answered 201: the event is owed); its first attempt reaches the receiver,
        //    which does not answer. The platform dies meanwhile.
        var first = await PlatformProcess.StartAsync(database, Settings);
        try
        {
            var created = await SendAsync(first, HttpMethod.Post, "/api/v1/webhooks", $$"""{"url":"{{receiver.Url}}","events":["charter.published"]}""");
            webhookId = created.GetProperty("id").GetString()!;
            await SendAsync(first, HttpMethod.Put, $"/api/v1/charters/{charter}/draft", $$$"""
                {"name":"Crash Charter","owner":"E47000001","tiers":["member"],"requirements":[
                  {"id":"rlw","title":"Pays the real Living Wage","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
                """);
            await SendAsync(first, HttpMethod.Post, $"/api/v1/charters/{charter}/publish", "{}");
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await first.KillAsync();
        }

        // 2. Restarted; nobody calls it. The webhook's reminder wakes it and the delivery is made again.
        await using var second = await PlatformProcess.StartAsync(database, Settings, restartOf: first);
        var delivered = await Eventually.HoldsAsync(
            () => Task.FromResult(receiver.Effective.FirstOrDefault()),
            r => r is not null, "the owed delivery after the restart", TimeSpan.FromSeconds(60));
        Assert.Single(receiver.Requests); // the held first attempt is recorded only once answered
        release.SetResult();

        Assert.Equal(charter, delivered!.Data.GetProperty("charterId").GetString());
        var listed = await Eventually.HoldsAsync(
            async () => (await GetAsync(second, $"/api/v1/webhooks/{webhookId}/deliveries")).EnumerateArray().Single(),
            d => d.GetProperty("status").GetString() == "delivered", "the delivery listed as delivered", TimeSpan.FromSeconds(30));
        Assert.Equal(delivered.WebhookId, listed.GetProperty("eventId").GetString());
        await Eventually.HoldsAsync(() => Task.FromResult(receiver.Requests.Count), n => n == 2, "the held first attempt to be answered (to a dead platform)");
        Assert.Single(receiver.Requests.Select(r => r.WebhookId).Distinct()); // both attempts: one webhook-id
        Assert.Single(receiver.Effective);
    }

    private static async Task<JsonElement> SendAsync(PlatformProcess platform, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await platform.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}\n{platform.Tail}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> GetAsync(PlatformProcess platform, string path)
    {
        using var response = await platform.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{platform.Tail}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
