using System.Net;
using System.Text;
using RegionalGoodWork.TestKit;
using Xunit.Abstractions;

namespace RegionalGoodWork.IntegrationTests.Outages;

/// <summary>
/// Two silos (two processes) in one cluster on one PostgreSQL; employers live on both. Under a steady load of evidence
/// submissions through the survivor, the other is killed with SIGKILL. Every answer is a success or a 503 with
/// Retry-After, never a 500; every item acknowledged before, during and after the loss is in the employer's history;
/// and the employers that lived on the dead silo take writes again on the survivor without anyone stepping in.
/// </summary>
public sealed class SiloLossTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> Settings = new() { ["Modules:Charters:SeedDemo"] = "false" };

    [Fact]
    public async Task ASiloKilledUnderLoad_NoAnswerIs500_EveryAcknowledgedItemIsStored_AndItsEmployersRecover()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var survivor = await PlatformProcess.StartAsync(database, Settings);
        await using var victim = await PlatformProcess.StartAsync(database, Settings);
        await Eventually.HoldsAsync(
            () => database.ScalarAsync<long>($"SELECT count(*) FROM rgw_cluster_silo WHERE deployment_id = '{database.Name}' AND status = 3"),
            n => n == 2, "both silos active in the cluster", TimeSpan.FromSeconds(60));

        // Half the employers are created through the victim, so their grains are placed on it (placement prefers the
        // silo that receives the first call); the rest through the survivor.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var employers = Enumerable.Range(1, 12).Select(i => $"loss-{suffix}-{i}").ToList();
        for (var i = 0; i < employers.Count; i++)
        {
            var through = i % 2 == 0 ? victim : survivor;
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/employers/{employers[i]}", UriKind.Relative))
            {
                Content = new StringContent($$"""{"name":"Loss {{i}}","sites":[{"localAuthority":"E08000010","headcount":20}]}""", Encoding.UTF8, "application/json"),
            };
            using var created = await through.Http.SendAsync(request);
            Assert.True(created.IsSuccessStatusCode, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            using var first = await EvidenceLoad.SubmitAsync(through, employers[i]);
            Assert.True(first.IsSuccessStatusCode, $"{(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        }

        var load = EvidenceLoad.Start(survivor, employers, workers: 6);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var beforeLoss = load.Acknowledged;
        await victim.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(25));
        await load.StopAsync();
        output.WriteLine($"answers under load: {load.Summary}; acknowledged before the loss: {beforeLoss}");

        Assert.True(load.Unexpected.Count == 0,
            $"answers other than 2xx or 503 with Retry-After ({load.Summary}):\n{string.Join('\n', load.Unexpected.Take(10))}\n{survivor.Tail}");
        Assert.True(beforeLoss > 0, "the load was running before the silo died");

        // Every employer, including those that lived on the dead silo, takes a write again on the survivor.
        foreach (var employer in employers)
        {
            await Eventually.HoldsAsync(() => load.SubmitOnceAsync(employer), s => s is HttpStatusCode.OK or HttpStatusCode.Created,
                $"{employer} to take writes on the survivor", TimeSpan.FromSeconds(60));
        }

        // Nothing acknowledged is lost: each id the platform answered with is in the employer's history.
        var missing = await load.MissingAsync(survivor);
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged items missing ({load.Summary}):\n{string.Join('\n', missing.Take(10))}");
    }
}
