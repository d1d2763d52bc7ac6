using System.Net;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Employers;
using RegionalGoodWork.IntegrationTests.Shared;
using static RegionalGoodWork.IntegrationTests.Employers.EmployersApp;

namespace RegionalGoodWork.IntegrationTests.Places;

/// <summary>
/// Scotland and Wales work like England: an employer with a site in Glasgow or Cardiff is counted in that council and in
/// its nation's region, a charter owned by the nation takes members there, and ONS figures imported for the council and
/// the nation stand beside them. Through HTTP only, on the employers platform (write-through views, no disclosure threshold).
/// </summary>
[Collection(Collections.Employers)]
public sealed class GreatBritainTests(EmployersApp app)
{
    [Fact]
    public async Task GlasgowAndCardiffEmployers_AreCountedInTheirCouncilsAndNations_BesideTheOnsFiguresImportedForThem()
    {
        var year = app.Platform.Clock.GetUtcNow().Year;
        var charter = NewId("fair-work-first");
        var draft = await app.SendAsync(HttpMethod.Put, $"/api/v1/charters/{charter}/draft",
            $$"""{"name":"Fair Work First test {{charter}}","owner":"S92000003","tiers":["member"],"requirements":[{"id":"rlw","title":"Real Living Wage","tier":"member","principle":"fair-pay","rule":{{Rules.RlwEither}}}]}""");
        Assert.True(draft.IsSuccessStatusCode, await draft.Content.ReadAsStringAsync());
        await app.PublishAsync(charter);
        var glasgowEmployer = await app.EmployerAsync(localAuthority: "S12000049", headcount: 40);
        var cardiffEmployer = await app.EmployerAsync(localAuthority: "W06000015", headcount: 25);
        await app.JoinAsync(glasgowEmployer, charter);
        await app.JoinAsync(cardiffEmployer, charter);
        await app.SubmitAsync(glasgowEmployer, """[{"kind":"pay.rlw-accredited","value":true}]""");
        await app.SubmitAsync(cardiffEmployer, """[{"kind":"pay.rlw-accredited","value":true}]""");

        using var csv = new StringContent(
            "areacd,areanm,geography,indicator,period,observation,status\n" +
            $"S12000049,Glasgow City,Local Authority District,Employment rate,{year}-01-01/P1Y,70.5,\n" +
            $"W06000015,Cardiff,Local Authority District,Employment rate,{year}-01-01/P1Y,74.1,\n" +
            $"S92000003,Scotland,Nation,Employment rate,{year}-01-01/P1Y,74.9,\n", Encoding.UTF8, "text/csv");
        using var import = await app.Http.PostAsync(new Uri("/api/v1/official-indicators/import", UriKind.Relative), csv);
        var report = await BodyAsync(import);

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Equal((3, 0), (report.GetProperty("imported").GetInt32(), report.GetProperty("skipped").GetInt32()));
        Assert.Equal("member", Tier(await app.MembershipAsync(glasgowEmployer, charter)));
        var members = $"members.{charter}.member"; // this test's own charter: no other employer counts in it
        var glasgow = await IndicatorsAsync($"/api/v1/local-authorities/S12000049/indicators?year={year}");
        Assert.Equal((1m, 70.5m), (glasgow[members], glasgow["employment-rate"]));
        Assert.Equal(100m, glasgow["share-employees-at-rlw-employers"]);
        var cardiff = await IndicatorsAsync($"/api/v1/local-authorities/W06000015/indicators?year={year}");
        Assert.Equal((1m, 74.1m), (cardiff[members], cardiff["employment-rate"]));

        var scotland = await app.GetAsync($"/api/v1/regions/S92000003/indicators?year={year}");
        var scotlandOwn = Values(scotland);
        Assert.Equal((1m, 74.9m), (scotlandOwn[members], scotlandOwn["employment-rate"]));
        var glasgowInScotland = scotland.GetProperty("byLocalAuthority").EnumerateArray().Single(c => c.GetProperty("area").GetString() == "S12000049");
        Assert.Equal(1m, Values(glasgowInScotland)[members]);
        var wales = Values(await app.GetAsync($"/api/v1/regions/W92000004/indicators?year={year}"));
        Assert.Equal(1m, wales[members]);
    }

    private async Task<Dictionary<string, decimal?>> IndicatorsAsync(string path) => Values(await app.GetAsync(path));

    private static Dictionary<string, decimal?> Values(JsonElement set) =>
        set.GetProperty("indicators").EnumerateArray()
        .ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("value").ValueKind == JsonValueKind.Number ? i.GetProperty("value").GetDecimal() : (decimal?)null);
}
