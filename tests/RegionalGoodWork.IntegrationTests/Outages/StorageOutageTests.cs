using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Outages;

/// <summary>
/// PostgreSQL unreachable under a running platform (its database refuses connections and every open one is cut):
/// writes answer 503 with Retry-After, never 500; readiness goes unready; nothing half-applied is stored; and once the
/// database is back the platform recovers without a restart or any manual step.
/// </summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task DatabaseUnreachable_WritesAnswer503WithRetryAfter_ReadinessIsUnready_AndAllRecoversWhenItReturns()
    {
        await using var platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
        {
            ["Modules:Charters:SeedDemo"] = "false",
        });
        var employer = $"outage-{Guid.NewGuid():N}"[..20];
        var profile = await platform.Http.PutAsync(new Uri($"/api/v1/employers/{employer}", UriKind.Relative),
            Json("""{"name":"Outage Ltd","sites":[{"localAuthority":"E08000003","headcount":12}]}"""));
        Assert.Equal(HttpStatusCode.Created, profile.StatusCode);

        await platform.Database!.SetReachableAsync(false);
        try
        {
            using var refused = await SubmitAsync(platform, employer);
            var body = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"expected 503, got {(int)refused.StatusCode}: {body}");
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 503 says when to retry");

            var ready = await platform.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }
        finally
        {
            await platform.Database!.SetReachableAsync(true);
        }

        await Eventually.HoldsAsync(
            async () => (await platform.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode,
            s => s == HttpStatusCode.OK, "readiness back once the database is");
        using var accepted = await SubmitAsync(platform, employer);
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());

        // The refused submission left nothing behind: the one item stored is the one acknowledged.
        var history = await platform.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{employer}/evidence?history=true", UriKind.Relative));
        Assert.Equal(1, history.GetArrayLength());
    }

    private static Task<HttpResponseMessage> SubmitAsync(PlatformApp platform, string employer) =>
        platform.Http.PostAsync(new Uri($"/api/v1/employers/{employer}/evidence", UriKind.Relative),
            Json("""{"items":[{"kind":"pay.rlw-accredited","value":true}]}"""));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
