using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Places;

/// <summary>Places through HTTP. Each test uses its own councils or years: they share one platform.</summary>
[Collection(Collections.Platform)]
public sealed class PlacesHttpTests(PlatformFixture fixture)
{
    private const int CurrentYear = 2026;

    private PlatformApp App => fixture.App;

    private async Task<HttpResponseMessage> ImportAsync(string csv, HttpClient? client = null)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await (client ?? App.Http).PostAsync(new Uri("/api/v1/official-indicators/import", UriKind.Relative), content);
    }

    [Fact]
    public async Task Import_RealOnsFiles_LocalAuthorityAndRegionShowThePublishedFigures()
    {
        foreach (var file in new[] { "ons_els_employment-rate.csv", "ons_els_gross-median-weekly-pay.csv" })
        {
            using var response = await ImportAsync(await File.ReadAllTextAsync(PlacesTestData.OnsFile(file)));
            var report = await response.Content.ReadFromJsonAsync<ImportReport>();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(report!.Errors);
            Assert.True(report.Imported > 5000, $"{file}: only {report.Imported} imported");
        }

        var manchester = await App.GetJsonAsync<IndicatorSet>("/api/v1/local-authorities/E08000003/indicators?year=2023");
        Assert.Equal(71.4m, manchester.Find(IndicatorIds.EmploymentRate).Value);
        Assert.Equal(536.6m, manchester.Find(IndicatorIds.MedianWeeklyPay).Value);
        Assert.StartsWith("ONS", manchester.Find(IndicatorIds.EmploymentRate).Source, StringComparison.Ordinal);

        var gm = await App.GetJsonAsync<RegionIndicatorSet>("/api/v1/regions/E47000001/indicators?year=2023");
        Assert.Equal(71.9m, gm.Find(IndicatorIds.EmploymentRate).Value);
        Assert.Equal(10, gm.ByLocalAuthority.Count);
        Assert.Equal(71.4m, gm.ByLocalAuthority.Single(c => c.Area == "E08000003").Find(IndicatorIds.EmploymentRate).Value);

        var index = await App.GetJsonAsync<List<GoodWorkIndexEntry>>("/api/v1/regions/E47000001/good-work-index?year=2023");
        Assert.Equal(Enumerable.Range(1, 10), index.Select(e => e.Rank!.Value).Order());
        Assert.All(index, e => Assert.NotNull(e.Change));

        // Scotland and Wales are on the platform too: their councils' rows and the nation's own row are stored
        // (ons_els_employment-rate.csv: S12000049 71.2, W06000015 74.6, S92000003 74.7; weekly pay: Glasgow 575.1).
        var glasgow = await App.GetJsonAsync<IndicatorSet>("/api/v1/local-authorities/S12000049/indicators?year=2023");
        Assert.Equal((71.2m, 575.1m), (glasgow.Find(IndicatorIds.EmploymentRate).Value, glasgow.Find(IndicatorIds.MedianWeeklyPay).Value));
        var cardiff = await App.GetJsonAsync<IndicatorSet>("/api/v1/local-authorities/W06000015/indicators?year=2023");
        Assert.Equal(74.6m, cardiff.Find(IndicatorIds.EmploymentRate).Value);
        var scotland = await App.GetJsonAsync<RegionIndicatorSet>("/api/v1/regions/S92000003/indicators?year=2023");
        Assert.Equal((74.7m, 32), (scotland.Find(IndicatorIds.EmploymentRate).Value, scotland.ByLocalAuthority.Count));
        Assert.Equal(71.2m, scotland.ByLocalAuthority.Single(c => c.Area == "S12000049").Find(IndicatorIds.EmploymentRate).Value);
        var scottishIndex = await App.GetJsonAsync<List<GoodWorkIndexEntry>>("/api/v1/regions/S92000003/good-work-index?year=2023");
        Assert.Equal(32, scottishIndex.Count(e => e.Rank is not null));
    }

    [Fact]
    public async Task RegionIndicators_ReadAgainAfterEachKindOfChange_ShowTheChange()
    {
        // The region keeps its last answer (and the API its JSON) while nothing it was computed from changed: each kind of
        // change — the region's own official figures, a council's employers, the region's name — must show on the next read.
        const string region = "E47000006"; // Tees Valley
        const string year = "2032";
        var before = await App.GetJsonAsync<RegionIndicatorSet>($"/api/v1/regions/{region}/indicators?year={year}");
        Assert.DoesNotContain(before.Indicators, i => i.Id == IndicatorIds.EmploymentRate);

        using (var imported = await ImportAsync("areacd,areanm,geography,indicator,period,observation\n" +
                   $"{region},Tees Valley,Combined Authority or City Region,Employment rate,{year}-01-01/P1Y,66.6\n"))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        var official = await App.GetJsonAsync<RegionIndicatorSet>($"/api/v1/regions/{region}/indicators?year={year}");
        Assert.Equal(66.6m, official.Find(IndicatorIds.EmploymentRate).Value);

        var beforeEmployers = await App.GetJsonAsync<RegionIndicatorSet>($"/api/v1/regions/{region}/indicators?year={CurrentYear}");
        Assert.NotEqual(100m, beforeEmployers.ByLocalAuthority.Single(c => c.Area == "E06000002").Find(IndicatorIds.EmployeesCovered).Value);
        var middlesbrough = App.Grains.GetLocalAuthority("E06000002");
        for (var i = 0; i < 5; i++)
        {
            await middlesbrough.ApplyContributionAsync(PlacesTestData.Member($"tees-{i}", 20));
        }

        var current = await Eventually.HoldsAsync(
            () => App.GetJsonAsync<RegionIndicatorSet>($"/api/v1/regions/{region}/indicators?year={CurrentYear}"),
            r => r.ByLocalAuthority.Single(c => c.Area == "E06000002").Find(IndicatorIds.EmployeesCovered).Value == 100m,
            "Middlesbrough's 100 covered employees in Tees Valley's answer");
        Assert.Equal(100m, current.Find(IndicatorIds.EmployeesCovered).Value);

        var councils = current.ByLocalAuthority.Select(c => c.Area).ToList();
        using (var renamed = await App.Http.PutAsJsonAsync(new Uri($"/api/v1/regions/{region}", UriKind.Relative),
                   new { name = "Tees Valley (renamed)", localAuthorities = councils }))
        {
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        var named = await App.GetJsonAsync<RegionIndicatorSet>($"/api/v1/regions/{region}/indicators?year={CurrentYear}");
        Assert.Equal("Tees Valley (renamed)", named.AreaName);
        Assert.Equal(100m, named.Find(IndicatorIds.EmployeesCovered).Value);
    }

    [Fact]
    public async Task RegionIndicators_RevalidatedWithTheirETag_Answer304UntilTheyChange_AndCompressWhenAccepted()
    {
        const string region = "E47000006"; // Tees Valley, in a year of this test's own
        const string path = $"/api/v1/regions/{region}/indicators?year=2034";
        using var first = await App.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.True(etag.IsWeak);
        Assert.Contains("Accept-Encoding", first.Headers.Vary);
        var json = await first.Content.ReadAsByteArrayAsync();

        using (var unchanged = await SendAsync(path, r => r.Headers.IfNoneMatch.Add(etag)))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
            Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, unchanged.Headers.ETag);
        }

        using (var zipped = await SendAsync(path, r => r.Headers.AcceptEncoding.ParseAdd("gzip, br")))
        {
            Assert.Equal(HttpStatusCode.OK, zipped.StatusCode);
            Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
            await using var unzip = new System.IO.Compression.GZipStream(await zipped.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await unzip.CopyToAsync(plain);
            Assert.Equal(json, plain.ToArray());
        }

        using (var refused = await SendAsync(path, r => r.Headers.AcceptEncoding.ParseAdd("gzip;q=0")))
        {
            Assert.Empty(refused.Content.Headers.ContentEncoding);
            Assert.Equal(json, await refused.Content.ReadAsByteArrayAsync());
        }

        using (var imported = await ImportAsync("areacd,areanm,geography,indicator,period,observation\n" +
                   $"{region},Tees Valley,Combined Authority or City Region,Employment rate,2034-01-01/P1Y,71.2\n"))
        {
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        }

        using var changed = await SendAsync(path, r => r.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        var set = await changed.Content.ReadFromJsonAsync<RegionIndicatorSet>();
        Assert.Equal(71.2m, set!.Find(IndicatorIds.EmploymentRate).Value);
    }

    private async Task<HttpResponseMessage> SendAsync(string path, Action<HttpRequestMessage> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        headers(request);
        return await App.Http.SendAsync(request);
    }

    [Fact]
    public async Task Import_FileWithBadLines_IsRejectedLineByLineAndStoresNothing()
    {
        const string csv = "\uFEFFareacd,areanm,geography,indicator,period,observation,status\r\n" +
            "E08000001,Bolton,Local Authority District,Employment rate,2031-01-01/P1Y,50.5,\r\n" +
            "E08000002,Bury,Local Authority District,Employment rate,2031-01-01/P1Y,n/a,\r\n" +
            "E08999999,Atlantis,Local Authority District,Employment rate,2031-01-01/P1Y,60,\r\n" +
            "E10000017,Lancashire,County,Employment rate,2031-01-01/P1Y,70,\r\n";

        using var response = await ImportAsync(csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, problem.RootElement.GetProperty("imported").GetInt32());
        Assert.Equal([3, 4], problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()));
        Assert.Equal(5, problem.RootElement.GetProperty("skippedLines")[0].GetProperty("line").GetInt32());

        var bolton = await App.GetJsonAsync<IndicatorSet>("/api/v1/local-authorities/E08000001/indicators?year=2031");
        Assert.DoesNotContain(bolton.Indicators, i => i.Id == IndicatorIds.EmploymentRate);
    }

    [Fact]
    public async Task Import_WithoutTheAdminKey_IsUnauthorised()
    {
        using var response = await ImportAsync("areacd,areanm,geography,indicator,period,observation\n", App.Anonymous);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Contributions_BelowTheMinimumEmployers_AreSuppressedInJsonAndCsv_UntilTheFifth()
    {
        var stockport = App.Grains.GetLocalAuthority("E08000007");
        for (var i = 0; i < 4; i++)
        {
            Assert.True((await stockport.ApplyContributionAsync(PlacesTestData.Member($"stockport-{i}", 10))).IsOk);
        }

        var four = (await App.GetJsonAsync<IndicatorSet>($"/api/v1/local-authorities/E08000007/indicators?year={CurrentYear}")).Find(IndicatorIds.EmployeesCovered);
        var csv = await App.Anonymous.GetStringAsync(new Uri($"/api/v1/local-authorities/E08000007/indicators.csv?year={CurrentYear}", UriKind.Relative));
        await stockport.ApplyContributionAsync(PlacesTestData.Member("stockport-4", 10));
        var five = (await App.GetJsonAsync<IndicatorSet>($"/api/v1/local-authorities/E08000007/indicators?year={CurrentYear}")).Find(IndicatorIds.EmployeesCovered);

        Assert.Equal((true, (decimal?)null, 4), (four.Suppressed, four.Value, four.Basis.Employers));
        Assert.Contains($"E08000007,Stockport,{CurrentYear},employees-covered,,employees,true,4,", csv, StringComparison.Ordinal);
        Assert.Equal((false, (decimal?)50m, 5), (five.Suppressed, five.Value, five.Basis.Employers));
    }

    [Fact]
    public async Task Contributions_MultiSiteEmployerAndTierChange_MoveLocalAuthorityAndRegionFigures()
    {
        var leeds = App.Grains.GetLocalAuthority("E08000035");
        var bradford = App.Grains.GetLocalAuthority("E08000032");
        for (var i = 0; i < 4; i++)
        {
            await leeds.ApplyContributionAsync(PlacesTestData.Member($"leeds-{i}", 10));
        }

        await leeds.ApplyContributionAsync(PlacesTestData.Member("two-sites", 60, stamp: 1, total: 100, tier: "supporter"));
        await bradford.ApplyContributionAsync(PlacesTestData.Member("two-sites", 40, stamp: 1, total: 100, tier: "supporter"));
        var member = IndicatorIds.Members("wy-fwc", "member");

        var localAuthorityBefore = await App.GetJsonAsync<IndicatorSet>($"/api/v1/local-authorities/E08000035/indicators?year={CurrentYear}");
        var regionBefore = await App.GetJsonAsync<RegionIndicatorSet>($"/api/v1/regions/E47000003/indicators?year={CurrentYear}");
        await leeds.ApplyContributionAsync(PlacesTestData.Member("two-sites", 60, stamp: 2, total: 100, tier: "member"));
        await bradford.ApplyContributionAsync(PlacesTestData.Member("two-sites", 40, stamp: 2, total: 100, tier: "member"));
        var regionAfter = await App.GetJsonAsync<RegionIndicatorSet>($"/api/v1/regions/E47000003/indicators?year={CurrentYear}");

        Assert.Equal((5m, 100m), (localAuthorityBefore.Find(IndicatorIds.CharterEmployers).Value, localAuthorityBefore.Find(IndicatorIds.EmployeesCovered).Value));
        // The region counts the two-site employer once and all 140 of its staff.
        Assert.Equal((5m, 140m), (regionBefore.Find(IndicatorIds.CharterEmployers).Value, regionBefore.Find(IndicatorIds.EmployeesCovered).Value));
        Assert.True(regionBefore.Find(member).Suppressed);
        Assert.Equal(5m, regionAfter.Find(member).Value);
        Assert.Equal(5m, regionAfter.ByLocalAuthority.Single(c => c.Area == "E08000035").Find(member).Value);
        Assert.True(regionAfter.ByLocalAuthority.Single(c => c.Area == "E08000032").Find(member).Suppressed);
    }

    [Fact]
    public async Task Places_ShippedGeography_AndErrorsForUnknownOrMalformedCodes()
    {
        var gm = await App.GetJsonAsync<RegionView>("/api/v1/regions/E47000001");
        using var unknown = await App.Anonymous.GetAsync(new Uri("/api/v1/local-authorities/E08999999", UriKind.Relative));
        using var malformed = await App.Anonymous.GetAsync(new Uri("/api/v1/regions/manchester", UriKind.Relative));
        using var content = JsonContent.Create(new { name = "Anywhere" });
        using var keyless = await App.Anonymous.PutAsync(new Uri("/api/v1/local-authorities/E08999999", UriKind.Relative), content);

        Assert.Equal(10, gm.LocalAuthorities.Count);
        Assert.Contains(gm.LocalAuthorities, c => c is { Code: "E08000003", Name: "Manchester" });
        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (unknown.StatusCode, unknown.Content.Headers.ContentType?.MediaType));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
    }

    [Theory]
    [InlineData("S12000049", "Glasgow City", "S92000003", "Scotland", 32)]
    [InlineData("W06000015", "Cardiff", "W92000004", "Wales", 22)]
    [InlineData("N09000003", "Belfast", "N92000002", "Northern Ireland", 11)]
    public async Task Places_ShippedGeography_ServesScotlandWalesAndNorthernIreland_EachNationARegionOfItsCouncils(
        string council, string name, string nation, string nationName, int councils)
    {
        var localAuthority = await App.GetJsonAsync<LocalAuthorityView>($"/api/v1/local-authorities/{council}");
        var region = await App.GetJsonAsync<RegionView>($"/api/v1/regions/{nation}");

        Assert.Equal(new LocalAuthorityView(council, name, nation), localAuthority);
        Assert.Equal((nationName, councils), (region.Name, region.LocalAuthorities.Count));
        Assert.Contains(new PlaceRef(council, name), region.LocalAuthorities);
        Assert.All(region.LocalAuthorities, c => Assert.Equal(nation[0], c.Code[0]));
        Assert.True(await App.Grains.IsKnownLocalAuthorityAsync(council));
    }

    [Fact]
    public async Task PutRegionAndLocalAuthority_NewPlaces_AreServedAndLinked()
    {
        using var localAuthority = await App.Http.PutAsJsonAsync(new Uri("/api/v1/local-authorities/E07999991", UriKind.Relative), new { name = "Testford" });
        using var region = await App.Http.PutAsJsonAsync(new Uri("/api/v1/regions/E47999991", UriKind.Relative),
            new { name = "Test Combined Authority", localAuthorities = new[] { "E07999991" } });
        using var badRegion = await App.Http.PutAsJsonAsync(new Uri("/api/v1/regions/E47999992", UriKind.Relative),
            new { name = "Nowhere", localAuthorities = new[] { "E07999993" } });

        Assert.Equal(HttpStatusCode.OK, localAuthority.StatusCode);
        Assert.Equal(HttpStatusCode.OK, region.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRegion.StatusCode);
        Assert.Equal("E47999991", (await App.GetJsonAsync<LocalAuthorityView>("/api/v1/local-authorities/E07999991")).RegionCode);
        Assert.True(await App.Grains.IsKnownLocalAuthorityAsync("E07999991"));
        using var missing = await App.Anonymous.GetAsync(new Uri("/api/v1/regions/E47999992", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
