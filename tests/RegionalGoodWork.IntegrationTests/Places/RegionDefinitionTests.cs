using System.Net;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Places;

/// <summary>
/// A region's definition is all-or-nothing. Here one council's storage refuses writes (a PostgreSQL trigger on its
/// row) while a new definition moves several councils: the answer is 503 with Retry-After, readers keep seeing the old
/// name and councils, and once the council's storage takes writes again the region carries the definition through by
/// itself — no one sends it again — leaving every council where the definition put it.
/// </summary>
public sealed class RegionDefinitionTests
{
    private const string Region = "E47999001";

    [Fact]
    public async Task ACouncilThatCannotMove_LeavesTheOldDefinitionShown_ThenTheRegionCompletesTheNewOneByItself()
    {
        await using var platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
        {
            ["Modules:Charters:SeedDemo"] = "false",
            ["Modules:Places:SeedGeography"] = "false",
            ["Modules:Places:DefinitionRetryDelay"] = "00:00:01",
        });
        var (a, b, c, d) = ("E06999001", "E06999002", "E06999003", "E06999004");
        foreach (var code in new[] { a, b, c, d })
        {
            await PutAsync(platform, $"/api/v1/local-authorities/{code}", $$"""{"name":"Council {{code}}"}""");
        }

        await PutAsync(platform, $"/api/v1/regions/{Region}", $$"""{"name":"Old","localAuthorities":["{{a}}","{{b}}"]}""");

        // D's storage refuses writes: B leaving and C joining go through, D joining fails. (A GSS code reads as
        // hexadecimal, so Orleans keeps it in grain_n1.)
        var database = platform.Database!;
        var dKey = Convert.ToInt64(d, 16).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await database.ExecuteAsync($"""
            CREATE FUNCTION refuse_write() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'storage refuses this row'; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse_d BEFORE INSERT OR UPDATE ON rgw_grain_state FOR EACH ROW WHEN (NEW.grain_key = '{d}' OR NEW.grain_n1 = {dKey}) EXECUTE FUNCTION refuse_write();
            """);
        using (var refused = await SendAsync(platform, $"/api/v1/regions/{Region}", $$"""{"name":"New","localAuthorities":["{{a}}","{{c}}","{{d}}"]}"""))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 503 says when to retry");
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // a retry or two, still refused
        var shown = await RegionAsync(platform);
        Assert.Equal("Old", shown.Name);
        Assert.Equal([a, b], shown.Councils);

        // The council's storage takes writes again: the region completes the definition on its own.
        await database.ExecuteAsync("DROP TRIGGER refuse_d ON rgw_grain_state");
        await Eventually.HoldsAsync(() => RegionAsync(platform), r => r.Name == "New" && r.Councils.SequenceEqual([a, c, d]),
            "the region to carry its new definition through by itself", TimeSpan.FromSeconds(30));
        foreach (var (code, region) in new[] { (a, Region), (b, null), (c, Region), (d, Region) })
        {
            var council = await platform.GetJsonAsync<JsonElement>($"/api/v1/local-authorities/{code}");
            Assert.Equal(region, council.GetProperty("regionCode").GetString());
        }
    }

    private static async Task<(string Name, string[] Councils)> RegionAsync(PlatformApp platform)
    {
        var region = await platform.GetJsonAsync<JsonElement>($"/api/v1/regions/{Region}");
        return (region.GetProperty("name").GetString()!,
            region.GetProperty("localAuthorities").EnumerateArray().Select(c => c.GetProperty("code").GetString()!).ToArray());
    }

    private static Task<HttpResponseMessage> SendAsync(PlatformApp platform, string path, string json) =>
        platform.Http.PutAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task PutAsync(PlatformApp platform, string path, string json)
    {
        using var response = await SendAsync(platform, path, json);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
