using System.Net;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Places;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// A region operator runs the charters its region owns — drafts, publishes, starts new ones in its own name — and
/// imports official figures for its own region's councils; another region's charter, a draft handing a charter to another
/// region, and a file naming another region's council answer 403 and change nothing.
/// </summary>
[Collection(Collections.Platform)]
public sealed class RegionOperatorScopeTests(PlatformFixture fixture)
{
    private const string Gm = "E47000001";
    private const string Lcr = "E47000004";

    private PlatformApp App => fixture.App;

    [Fact]
    public async Task AnOperator_RunsTheChartersItsRegionOwns_AndNoOther()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (own, theirs, fresh, seized) = ($"op-own-{suffix}", $"op-theirs-{suffix}", $"op-new-{suffix}", $"op-seized-{suffix}");
        foreach (var (charter, owner) in new[] { (own, Gm), (theirs, Lcr) })
        {
            await App.AdminAsync(HttpMethod.Put, $"/api/v1/charters/{charter}/draft", Definition("Original", owner));
            await App.AdminAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/publish", "{}");
        }

        var key = await App.IssueKeyAsync("region-operator", $$"""{"regionCode":"{{Gm}}"}""");

        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Put, $"/api/v1/charters/{own}/draft", key, Definition("Own, revised", Gm)));
        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Get, $"/api/v1/charters/{own}/draft", key));
        Assert.Equal(HttpStatusCode.Created, await App.StatusAsync(HttpMethod.Post, $"/api/v1/charters/{own}/publish", key, "{}"));
        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Put, $"/api/v1/charters/{fresh}/draft", key, Definition("Fresh", Gm)));

        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Put, $"/api/v1/charters/{theirs}/draft", key, Definition("Taken", Gm)));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Post, $"/api/v1/charters/{theirs}/publish", key, "{}"));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Put, $"/api/v1/charters/{own}/draft", key, Definition("Given away", Lcr)));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Put, $"/api/v1/charters/{seized}/draft", key, Definition("In their name", Lcr)));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Put, "/api/v1/charters/lcr-fec/draft", key, Definition("Taken", Gm)));

        Assert.Equal("Own, revised", (await App.GetJsonAsync<JsonElement>($"/api/v1/charters/{own}")).GetProperty("name").GetString());
        Assert.Equal("Fresh", (await App.GetJsonAsync<JsonElement>($"/api/v1/charters/{fresh}/draft")).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NotFound, await App.StatusAsync(HttpMethod.Get, $"/api/v1/charters/{theirs}/draft", PlatformApp.AdminKey));
        Assert.Equal(HttpStatusCode.NotFound, await App.StatusAsync(HttpMethod.Get, $"/api/v1/charters/{seized}/draft", PlatformApp.AdminKey));
        Assert.Equal("Original", (await App.GetJsonAsync<JsonElement>($"/api/v1/charters/{theirs}")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task AnOperator_ImportsOfficialFiguresForItsOwnCouncils_AndAFileNamingAnotherRegionsCouncilStoresNothing()
    {
        var key = await App.IssueKeyAsync("region-operator", $$"""{"regionCode":"{{Gm}}"}""");

        using (var own = await ImportAsync(key, Row("E08000001", "Bolton", 2032, 61.5m)))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        using (var outside = await ImportAsync(key, Row("E08000001", "Bolton", 2033, 62.5m) + Row("E08000011", "Knowsley", 2033, 55m)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
            Assert.Equal("application/problem+json", outside.Content.Headers.ContentType?.MediaType);
            Assert.Contains("E08000011", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var bolton2032 = await App.GetJsonAsync<IndicatorSet>("/api/v1/local-authorities/E08000001/indicators?year=2032");
        Assert.Equal(61.5m, bolton2032.Find(IndicatorIds.EmploymentRate).Value);
        var bolton2033 = await App.GetJsonAsync<IndicatorSet>("/api/v1/local-authorities/E08000001/indicators?year=2033");
        Assert.DoesNotContain(bolton2033.Indicators, i => i.Id == IndicatorIds.EmploymentRate);
        var knowsley = await App.GetJsonAsync<IndicatorSet>("/api/v1/local-authorities/E08000011/indicators?year=2033");
        Assert.DoesNotContain(knowsley.Indicators, i => i.Id == IndicatorIds.EmploymentRate);

        var officer = await App.IssueKeyAsync("charter-officer", """{"charterIds":["gm-gec"]}""");
        using var byOfficer = await ImportAsync(officer, Row("E08000001", "Bolton", 2033, 62.5m));
        Assert.Equal(HttpStatusCode.Forbidden, byOfficer.StatusCode);
    }

    private static string Row(string code, string name, int year, decimal value) =>
        FormattableString.Invariant($"{code},{name},Local Authority District,Employment rate,{year}-01-01/P1Y,{value},\r\n");

    private Task<HttpResponseMessage> ImportAsync(string key, string rows) =>
        App.SendAsync(HttpMethod.Post, "/api/v1/official-indicators/import", key,
            new StringContent("areacd,areanm,geography,indicator,period,observation,status\r\n" + rows, Encoding.UTF8, "text/csv"));

    private static string Definition(string name, string owner) => $$$"""
        {"name":"{{{name}}}","owner":"{{{owner}}}","tiers":["member"],"requirements":[
          {"id":"rlw","title":"Pays the real Living Wage","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
        """;
}
