using System.Net;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// Rate limits per caller (<c>Api:RateLimit:*</c>), on a platform of its own with low limits and a short window: a key
/// over its limit answers 429 problem+json with <c>Retry-After</c> and its write is not stored, while another key is
/// served; when the window has passed the key is served again; callers without a key are limited per address, and
/// the health check never is.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const int KeyPermits = 3;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private PlatformApp app = null!;

    public async Task InitializeAsync() => app = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
    {
        ["Api:RateLimit:KeyPermits"] = KeyPermits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Api:RateLimit:AnonymousPermits"] = "3",
        ["Api:RateLimit:Window"] = Window.ToString("c"),
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task AKeyOverItsLimit_Gets429WithRetryAfter_AndItsWriteIsNotStored_WhileAnotherKeyIsServed_UntilTheWindowPasses()
    {
        var (busy, quiet) = (NewId("busy"), NewId("quiet"));
        foreach (var employer in new[] { busy, quiet })
        {
            await app.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile);
        }

        var busyKey = await app.IssueKeyAsync("employer", $$"""{"employerId":"{{busy}}"}""");
        var quietKey = await app.IssueKeyAsync("employer", $$"""{"employerId":"{{quiet}}"}""");

        var served = 0;
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            var response = await app.SendAsync(HttpMethod.Post, $"/api/v1/employers/{busy}/evidence", busyKey, Item(i));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
                served++;
            }
        }

        using (refused)
        {
            Assert.NotNull(refused);
            Assert.Equal(KeyPermits, served);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var retryAfter = refused.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), Window);
        }

        Assert.Equal(KeyPermits, (await app.HistoryAsync(busy)).Count); // the refused write stored nothing

        // Another key, at the same time, is its own partition.
        Assert.Equal(HttpStatusCode.OK, await app.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{quiet}/evidence", quietKey, Item(0)));

        // Once the window has passed (the limiter replenishes itself), the busy key is served again; a refused try costs no permit.
        await Eventually.HoldsAsync(
            () => app.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{busy}/evidence", busyKey, Item(KeyPermits)),
            s => s != HttpStatusCode.TooManyRequests, "the busy key to be served again after its window", Window * 3);
        Assert.Equal(KeyPermits + 1, (await app.HistoryAsync(busy)).Count);
    }

    [Fact]
    public async Task CallersWithoutAKey_AreLimitedPerAddress_AndTheHealthCheckIsNeverLimited()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add(await app.StatusAsync(HttpMethod.Get, "/api/v1/charters", key: null));
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, s.ToString()));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await app.StatusAsync(HttpMethod.Get, "/health/ready", key: null));
        }

        // The admin key is a partition of its own, with its own (higher) limit.
        Assert.Equal(HttpStatusCode.OK, await app.StatusAsync(HttpMethod.Get, "/api/v1/charters", PlatformApp.AdminKey));
    }

    private const string Profile = """{"name":"Busy Ltd","sites":[{"localAuthority":"E08000003","headcount":40}]}""";

    private static string Item(int i) => $$"""{"items":[{"kind":"pay.share-staff-paid-rlw","value":{{50 + i}}}]}""";

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];
}
