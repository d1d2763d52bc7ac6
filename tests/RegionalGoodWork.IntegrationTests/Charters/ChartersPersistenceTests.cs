using System.Net;
using System.Text;
using System.Text.Json;
using Orleans.Runtime;
using RegionalGoodWork.Charters;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.IntegrationTests.Charters;

/// <summary>What the Charters and Taxonomy modules store survives restarts, on PostgreSQL.</summary>
public sealed class ChartersPersistenceTests
{
    [Fact]
    public async Task KindAndCharterPutThroughHttp_AfterAPlatformRestart_AreReadBackAndTheDemoSeedIsNotRepeated()
    {
        await using var database = await TestDatabase.CreateAsync();

        var first = await PlatformApp.StartOnPostgresAsync(database: database);
        try
        {
            await PutAsync(first, "/api/v1/evidence-kinds/dignity.it-restart-kind", """
                {"principle":"dignity","type":"choice","choices":["none","some","all"],"validityMonths":6,"verifiers":[],"description":"Restart test kind."}
                """, HttpStatusCode.Created);
            await PutAsync(first, "/api/v1/charters/it-restart/draft", """
                {"name":"Restart charter","owner":"E47000014","tiers":["member"],"requirements":[
                  {"id":"k","title":"K","tier":"member","principle":"dignity","rule":{"kind":"dignity.it-restart-kind","op":"in","value":["some","all"]}}]}
                """, HttpStatusCode.OK);
            using var published = await first.Http.PostAsync(new Uri("/api/v1/charters/it-restart/publish", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        }
        finally
        {
            await StopKeepingTheDatabaseAsync(first);
        }

        await using var second = await PlatformApp.StartOnPostgresAsync(database: database);
        using var kind = await GetJsonAsync(second, "/api/v1/evidence-kinds/dignity.it-restart-kind");
        using var charter = await GetJsonAsync(second, "/api/v1/charters/it-restart");
        using var list = await GetJsonAsync(second, "/api/v1/charters");

        Assert.Equal(["none", "some", "all"], kind.RootElement.GetProperty("choices").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(6, kind.RootElement.GetProperty("validityMonths").GetInt32());
        Assert.Equal("Restart charter", charter.RootElement.GetProperty("name").GetString());
        Assert.Equal(["some", "all"], charter.RootElement.GetProperty("requirements")[0].GetProperty("rule").GetProperty("value").EnumerateArray().Select(v => v.GetString()));
        var versions = list.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("latestVersion").GetInt32());
        Assert.Equal(1, versions["it-restart"]);
        Assert.Equal(1, versions["gm-gec"]);
        Assert.Equal(5, versions.Count);
    }

    [Fact]
    public async Task SeedDemoOff_StartsWithNoCharters()
    {
        await using var app = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?> { ["Modules:Charters:SeedDemo"] = "false" });

        using var list = await GetJsonAsync(app, "/api/v1/charters");

        Assert.Equal(0, list.RootElement.GetArrayLength());
    }

    private static async Task PutAsync(PlatformApp app, string path, string json, HttpStatusCode expected)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await app.Http.PutAsync(new Uri(path, UriKind.Relative), content);
        Assert.True(response.StatusCode == expected, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonDocument> GetJsonAsync(PlatformApp app, string path)
    {
        using var response = await app.Anonymous.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }

    /// <summary>Stops the host but keeps its database (disposing the <see cref="PlatformApp"/> would drop it).</summary>
    private static async Task StopKeepingTheDatabaseAsync(PlatformApp app)
    {
        app.Http.Dispose();
        app.Anonymous.Dispose();
        await app.App.StopAsync();
        await app.App.DisposeAsync();
    }
}

[Collection(Collections.TwoSilos)]
public sealed class CharterGrainTests(TwoSiloClusterFixture fixture)
{
    private static readonly DateTimeOffset May = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private IGrainFactory Grains => fixture.Cluster.Grains;

    [Fact]
    public async Task DemoCharters_SeededByTwoSilos_HaveOneVersionEach()
    {
        foreach (var id in new[] { "gm-gec", "lcr-fec", "london-gws", "ne-gwp" })
        {
            Assert.Equal(1, await Grains.GetCharter(id).GetLatestVersionNumberAsync());
        }

        Assert.Equal(4, (await Grains.GetCharterRegistry().ListAsync()).Count(c => !c.Id.StartsWith("it-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EnsurePublished_CalledConcurrently_PublishesOnce()
    {
        var json = """
            {"name":"Concurrent","owner":"E47000001","tiers":["member"],"requirements":[
              {"id":"rlw","title":"RLW","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
            """;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Grains.GetCharterInternal("it-concurrent").EnsurePublishedAsync(json)));

        Assert.All(outcomes, o => Assert.Equal(1, o.Value!.Version));
        Assert.Equal(1, await Grains.GetCharter("it-concurrent").GetLatestVersionNumberAsync());
        Assert.Equal("Concurrent", (await Grains.GetCharter("it-concurrent").GetVersionAsync(1))!.Definition.Name);
        Assert.Null(await Grains.GetCharter("it-concurrent").GetVersionAsync(2));
    }

    [Fact]
    public async Task MemberIndex_IgnoresStaleStamps_AndIsReadBackAfterDeactivation()
    {
        var charter = Grains.GetCharter("london-gws");

        Assert.Equal(ViewChange.Applied, (await charter.UpdateMemberAsync("it-acme", "foundation", May, 10, 1)).Change);
        Assert.Equal(ViewChange.Applied, (await charter.UpdateMemberAsync("it-acme", "achievement", May.AddDays(40), 12, 1)).Change);
        Assert.Equal(ViewChange.Stale, (await charter.UpdateMemberAsync("it-acme", "foundation", May, 11, 1)).Change);
        Assert.Equal(ViewChange.Applied, (await charter.UpdateMemberAsync("it-gone", "foundation", May, 3, 1)).Change);
        Assert.Equal(ViewChange.Applied, (await charter.RemoveMemberAsync("it-gone", 4)).Change);
        Assert.Equal(ViewChange.Stale, (await charter.UpdateMemberAsync("it-gone", "foundation", May, 3, 1)).Change);

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var members = await Eventually.HoldsAsync(
            charter.GetMembersAsync,
            m => m.Any(x => x.EmployerId == "it-acme"),
            "the member index to be read back after deactivation");

        var acme = Assert.Single(members, m => m.EmployerId == "it-acme");
        Assert.Equal(("achievement", May.AddDays(40)), (acme.Tier, acme.Since));
        Assert.DoesNotContain(members, m => m.EmployerId == "it-gone");
        Assert.Equal(ViewChange.Stale, (await charter.UpdateMemberAsync("it-acme", "foundation", May, 11, 1)).Change);
    }
}
