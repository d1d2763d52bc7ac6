using System.Net;
using System.Text;
using RegionalGoodWork.TestKit;
using Xunit.Abstractions;

namespace RegionalGoodWork.IntegrationTests.Outages;

/// <summary>
/// The platform's PostgreSQL server crashes (immediate stop: every connection cut, no checkpoint) under a steady load
/// of evidence submissions, stays down a while, and starts again. While it is down writes answer 503 with Retry-After
/// and readiness is unready; no answer is a 500; once it is back the same process takes writes again with no restart or
/// manual step; and every item acknowledged before, during and after is in the employers' histories (recovered from
/// the server's WAL).
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ThePostgresServerCrashesUnderLoad_WritesAnswer503_ThenRecover_AndNothingAcknowledgedIsLost()
    {
        await using var server = await PrivatePostgres.StartAsync();
        await using var database = await TestDatabase.CreateAsync(serverConnectionString: server.ConnectionString);
        await using var platform = await PlatformProcess.StartAsync(database, new Dictionary<string, string?> { ["Modules:Charters:SeedDemo"] = "false" });

        var suffix = Guid.NewGuid().ToString("N")[..8];
        var employers = Enumerable.Range(1, 6).Select(i => $"pgdown-{suffix}-{i}").ToList();
        foreach (var employer in employers)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/employers/{employer}", UriKind.Relative))
            {
                Content = new StringContent("""{"name":"Down Ltd","sites":[{"localAuthority":"E08000003","headcount":15}]}""", Encoding.UTF8, "application/json"),
            };
            using var created = await platform.Http.SendAsync(request);
            Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }

        var load = EvidenceLoad.Start(platform, employers, workers: 4);
        await Eventually.HoldsAsync(() => Task.FromResult(load.Acknowledged), n => n > 0, "the load to be acknowledged");

        await server.CrashAsync();
        var acknowledgedAtCrash = load.Acknowledged;
        await Eventually.HoldsAsync(() => Task.FromResult(load.Answered(HttpStatusCode.ServiceUnavailable)), n => n > 0,
            "writes to answer 503 while the database is down", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => ReadinessAsync(platform), s => s == HttpStatusCode.ServiceUnavailable,
            "readiness to go unready while the database is down", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var acknowledgedWhileDown = load.Acknowledged;

        await server.StartAgainAsync();
        await Eventually.HoldsAsync(() => Task.FromResult(load.Acknowledged), n => n > acknowledgedWhileDown + 20,
            "writes acknowledged again once the database is back", TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(() => ReadinessAsync(platform), s => s == HttpStatusCode.OK,
            "readiness back once the database is", TimeSpan.FromSeconds(30));
        await load.StopAsync();
        output.WriteLine($"answers: {load.Summary}; acknowledged at the crash {acknowledgedAtCrash}, by the restart {acknowledgedWhileDown}, in all {load.Acknowledged}");

        Assert.True(load.Unexpected.Count == 0,
            $"answers other than 2xx or 503 with Retry-After ({load.Summary}):\n{string.Join('\n', load.Unexpected.Take(10))}\n{platform.Tail}");
        var missing = await load.MissingAsync(platform);
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged items missing ({load.Summary}):\n{string.Join('\n', missing.Take(10))}");
    }

    private static async Task<HttpStatusCode> ReadinessAsync(PlatformProcess platform)
    {
        using var response = await platform.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return response.StatusCode;
    }
}
