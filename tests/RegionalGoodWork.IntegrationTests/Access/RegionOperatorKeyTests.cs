using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// A region operator's key defines its region and its councils, and nothing beyond: another region, a council of
/// another region, moving its council out, or taking another region's council into its list answer 403 and change nothing.
/// </summary>
public sealed class RegionOperatorKeyTests : IAsyncLifetime
{
    private const string Own = "E47999101";
    private const string Other = "E47999102";
    private const string Mine = "E06999101";
    private const string Theirs = "E06999102";

    private PlatformApp platform = null!;

    public async Task InitializeAsync()
    {
        platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
        {
            ["Modules:Charters:SeedDemo"] = "false",
            ["Modules:Places:SeedGeography"] = "false",
        });
        foreach (var (code, region) in new[] { (Mine, Own), (Theirs, Other) })
        {
            await AdminPutAsync($"/api/v1/local-authorities/{code}", $$"""{"name":"Council {{code}}"}""");
            await AdminPutAsync($"/api/v1/regions/{region}", $$"""{"name":"Region {{region}}","localAuthorities":["{{code}}"]}""");
        }
    }

    public async Task DisposeAsync() => await platform.DisposeAsync();

    [Fact]
    public async Task AnOperator_DefinesItsRegionAndCouncils_AndNothingBeyond()
    {
        using var issued = await platform.Http.PostAsync(new Uri("/api/v1/keys", UriKind.Relative), Json(
            $$$"""{"name":"Operator","role":"region-operator","scope":{"regionCode":"{{{Own}}}"}}"""));
        var key = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        Assert.Equal(HttpStatusCode.OK, await StatusAsync($"/api/v1/local-authorities/{Mine}", key, $$"""{"name":"Renamed","regionCode":"{{Own}}"}"""));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync($"/api/v1/regions/{Own}", key, $$"""{"name":"Own, renamed","localAuthorities":["{{Mine}}"]}"""));

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync($"/api/v1/regions/{Other}", key, $$"""{"name":"Taken","localAuthorities":[]}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync($"/api/v1/local-authorities/{Theirs}", key, $$"""{"name":"Taken","regionCode":"{{Own}}"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync($"/api/v1/local-authorities/{Mine}", key, $$"""{"name":"Gone","regionCode":"{{Other}}"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync($"/api/v1/regions/{Own}", key, $$"""{"name":"Greedy","localAuthorities":["{{Mine}}","{{Theirs}}"]}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync("/api/v1/local-authorities/E06999199", key, """{"name":"New"}"""));

        var own = await platform.Anonymous.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/regions/{Own}", UriKind.Relative));
        Assert.Equal("Own, renamed", own.GetProperty("name").GetString());
        Assert.Equal([Mine], own.GetProperty("localAuthorities").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        var other = await platform.Anonymous.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/regions/{Other}", UriKind.Relative));
        Assert.Equal($"Region {Other}", other.GetProperty("name").GetString());
        Assert.Equal([Theirs], other.GetProperty("localAuthorities").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        var theirs = await platform.Anonymous.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/local-authorities/{Theirs}", UriKind.Relative));
        Assert.Equal((Other, $"Council {Theirs}"), (theirs.GetProperty("regionCode").GetString(), theirs.GetProperty("name").GetString()));
        using var created = await platform.Anonymous.GetAsync(new Uri("/api/v1/local-authorities/E06999199", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, created.StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task AdminPutAsync(string path, string json)
    {
        using var response = await platform.Http.PutAsync(new Uri(path, UriKind.Relative), Json(json));
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<HttpStatusCode> StatusAsync(string path, string key, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(path, UriKind.Relative)) { Content = Json(json) };
        request.Headers.Add("X-Api-Key", key);
        using var response = await platform.Anonymous.SendAsync(request);
        return response.StatusCode;
    }
}
