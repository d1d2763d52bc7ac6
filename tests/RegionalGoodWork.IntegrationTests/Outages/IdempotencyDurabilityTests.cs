using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Host.Api.Idempotency;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Outages;

/// <summary>
/// An <c>Idempotency-Key</c> through an outage and a restart: a 503 is not an answer to keep (the retry really runs), and
/// the answer kept is in the database, so a replay after the whole platform restarted answers the same.
/// </summary>
public sealed class IdempotencyDurabilityTests
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Modules:Charters:SeedDemo"] = "false" };

    [Fact]
    public async Task KeyUnderAnOutage_IsNotKept_TheRetryStoresOnce_AndItsAnswerIsReplayedAfterARestart()
    {
        await using var database = await TestDatabase.CreateAsync();
        var employer = $"idem-{Guid.NewGuid():N}"[..20];
        var key = Guid.NewGuid().ToString();
        var path = $"/api/v1/employers/{employer}/evidence";
        HttpStatusCode refused;
        string answer;
        await using (var first = await PlatformApp.StartOnPostgresAsync(Settings, database))
        {
            var profile = await first.Http.PutAsync(new Uri($"/api/v1/employers/{employer}", UriKind.Relative),
                Json("""{"name":"Idem Ltd","sites":[{"localAuthority":"E08000003","headcount":12}]}"""));
            Assert.Equal(HttpStatusCode.Created, profile.StatusCode);

            // The key's grain is active before the database goes, as it is for a request that reaches the route: what
            // fails is the route's own write, behind the key.
            var grain = first.Grains.GetIdempotency(IdempotencyKey.Scope(IdempotencyKey.CallerOf(AdminKey.Id), "POST", path, key));
            await grain.ReleaseAsync((await grain.ClaimAsync(new IdempotentRequest("warm-up", "test"))).Ticket);

            await database.SetReachableAsync(false);
            try
            {
                using var outage = await PostAsync(first, path, key);
                refused = outage.StatusCode;
            }
            finally
            {
                await database.SetReachableAsync(true);
            }

            await Eventually.HoldsAsync(
                async () => (await first.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode,
                s => s == HttpStatusCode.OK, "readiness back once the database is");
            using var retry = await PostAsync(first, path, key);
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.False(retry.Headers.Contains(IdempotencyKey.ReplayedHeader));
            answer = await retry.Content.ReadAsStringAsync();
        }

        await using var second = await PlatformApp.StartOnPostgresAsync(Settings, database);
        using var replay = await PostAsync(second, path, key);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True(replay.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(answer, await replay.Content.ReadAsStringAsync());
        var history = await second.Http.GetFromJsonAsync<JsonElement>(new Uri($"{path}?history=true", UriKind.Relative));
        Assert.Equal(1, history.GetArrayLength());
    }

    private static async Task<HttpResponseMessage> PostAsync(PlatformApp platform, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = Json("""{"items":[{"kind":"pay.rlw-accredited","value":true}]}"""),
        };
        request.Headers.Add(IdempotencyKey.Header, key);
        return await platform.Http.SendAsync(request);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
