using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using RegionalGoodWork.IntegrationTests.Employers;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Places;

/// <summary>
/// A platform of its own whose business clock these tests move over New Year (it would shift every other test's year),
/// with a disclosure threshold of 3 employers and the year-end reminder ticking every second.
/// </summary>
public sealed class YearlyFiguresApp : IAsyncLifetime
{
    private int next;

    public PlatformApp Platform { get; private set; } = null!;

    public HttpClient Http => Platform.Http;

    public async Task InitializeAsync() =>
        Platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
        {
            ["Indicators:MinimumEmployers"] = "3",
            ["Modules:Places:FlushInterval"] = "00:00:00",
            ["Modules:Places:DriftCheckInterval"] = "00:00:00",
            ["Modules:Charters:MemberIndexWriteDelay"] = "00:00:00",
            ["Modules:Employers:ViewRetryDelay"] = "00:00:00.200",
            ["Orleans:MinimumReminderPeriod"] = "00:00:01",
            ["Modules:Places:YearEndCheckPeriod"] = "00:00:01",
        });

    public async Task DisposeAsync() => await Platform.DisposeAsync();

    public int Year => Platform.Clock.GetUtcNow().Year;

    /// <summary>A region of its own with <paramref name="councils"/> new councils (codes unique to this platform).</summary>
    public async Task<(string Region, string[] Councils)> RegionAsync(int councils)
    {
        var n = Interlocked.Increment(ref next);
        var region = $"E4790{n:0000}";
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/api/v1/regions/{region}", $$"""{"name":"Yearly {{n}}","localAuthorities":[]}""")).StatusCode);
        var codes = Enumerable.Range(1, councils).Select(i => $"E069{n:00}{i:000}").ToArray();
        foreach (var code in codes)
        {
            var defined = await SendAsync(HttpMethod.Put, $"/api/v1/local-authorities/{code}", $$"""{"name":"Council {{code}}","regionCode":"{{region}}"}""");
            Assert.True(defined.IsSuccessStatusCode, $"{code}: {(int)defined.StatusCode}");
        }

        return (region, codes);
    }

    public async Task<string> CharterAsync()
    {
        var id = EmployersApp.NewId("yearly");
        var body = $$"""{"name":"Yearly charter {{id}}","owner":"E47000001","tiers":["member"],"requirements":[{"id":"flex","title":"flex","tier":"member","principle":"autonomy","rule":{{Rules.FlexibleFromDayOne}}}]}""";
        Assert.True((await SendAsync(HttpMethod.Put, $"/api/v1/charters/{id}/draft", body)).IsSuccessStatusCode);
        Assert.True((await SendAsync(HttpMethod.Post, $"/api/v1/charters/{id}/publish")).IsSuccessStatusCode);
        return id;
    }

    /// <summary>
    /// A new employer with 10 staff in <paramref name="council"/>, holding <paramref name="charter"/>'s tier (flexible work
    /// from day one), real Living Wage accredited or not.
    /// </summary>
    public async Task<string> MemberAsync(string council, string charter, bool rlw)
    {
        var id = EmployersApp.NewId("emp");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Put, $"/api/v1/employers/{id}",
            $$"""{"name":"Employer {{id}}","sites":[{"localAuthority":"{{council}}","headcount":10}]}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, $"/api/v1/employers/{id}/memberships", $$"""{"charterId":"{{charter}}"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/api/v1/employers/{id}/evidence",
            """{"items":[{"kind":"flex.flexible-from-day-one","value":true}]}""")).StatusCode);
        await AccreditAsync(id, rlw);
        return id;
    }

    /// <summary>
    /// Each test starts late in the business year (30 December), so the evidence it submits is still in force after New Year
    /// however far earlier tests moved the clock.
    /// </summary>
    public void LateInTheYear()
    {
        var late = new DateTimeOffset(Year, 12, 30, 12, 0, 0, TimeSpan.Zero);
        if (Platform.Clock.GetUtcNow() < late)
        {
            Platform.Clock.SetUtcNow(late);
        }
    }

    /// <summary>The fields of the CSV row of <paramref name="area"/> and <paramref name="indicator"/> (the first eight, unquoted).</summary>
    public static string[] CsvRow(string csv, string area, string indicator) =>
        csv.Split('\n').Select(l => l.Split(',')).Single(f => f.Length > 8 && f[0] == area && f[3] == indicator)[..8];

    public async Task AccreditAsync(string employer, bool rlw) =>
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence",
            $$"""{"items":[{"kind":"pay.rlw-accredited","value":{{(rlw ? "true" : "false")}}}]}""")).StatusCode);

    public Task<RegionIndicatorSet> IndicatorsAsync(string region, int year) =>
        Platform.GetJsonAsync<RegionIndicatorSet>($"/api/v1/regions/{region}/indicators?year={year}");

    public Task<IndicatorSet> CouncilAsync(string council, int year) =>
        Platform.GetJsonAsync<IndicatorSet>($"/api/v1/local-authorities/{council}/indicators?year={year}");

    /// <summary>
    /// Moves the business clock over 31 December into the next year and waits — calling nothing but reads — until the
    /// year-end snapshot of the year that ended shows for <paramref name="region"/>.
    /// </summary>
    public async Task<int> PassNewYearAsync(string region)
    {
        var ended = Year;
        Platform.Clock.SetUtcNow(new DateTimeOffset(ended, 12, 31, 23, 59, 0, TimeSpan.Zero));
        Platform.Clock.SetUtcNow(new DateTimeOffset(ended + 1, 1, 1, 0, 0, 5, TimeSpan.Zero));
        await Eventually.HoldsAsync(
            async () => (await Platform.GetJsonAsync<IndicatorSnapshots>($"/api/v1/regions/{region}/indicators/snapshots")).Region,
            s => s.Any(i => i.Year == ended && i.Kind == IndicatorSnapshotInfo.YearEndKind),
            $"the year-end snapshot of {ended} for {region}", TimeSpan.FromSeconds(60));
        return ended;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        return await Http.SendAsync(request);
    }
}

[CollectionDefinition(Name)]
public sealed class YearlyFiguresCollection : ICollectionFixture<YearlyFiguresApp>
{
    public const string Name = "places, yearly figures (clock moved over New Year)";
}

/// <summary>Yearly figures: employer-derived indicators snapshotted at each year end and on demand, served for past years.</summary>
[Collection(YearlyFiguresCollection.Name)]
public sealed class YearlyFiguresTests(YearlyFiguresApp app)
{
    private static decimal? Value(IEnumerable<Indicator> indicators, string id) => indicators.Single(i => i.Id == id).Value;

    [Fact]
    public async Task LastYearsSnapshot_IsServedForLastYear_AfterThisYearsFiguresMove()
    {
        app.LateInTheYear();
        var (region, councils) = await app.RegionAsync(2);
        var charter = await app.CharterAsync();
        var notYet = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var employer = await app.MemberAsync(councils[0], charter, rlw: i < 2);
            if (i >= 2)
            {
                notYet.Add(employer);
            }
        }

        for (var i = 0; i < 3; i++)
        {
            await app.MemberAsync(councils[1], charter, rlw: true);
        }

        var lastYear = app.Year;
        Assert.Equal(50.0m, Value((await app.CouncilAsync(councils[0], lastYear)).Indicators, IndicatorIds.ShareEmployeesAtRlwEmployers));

        // Nobody calls anything but reads: the reminder takes the snapshot once the business clock has passed 31 December.
        await app.PassNewYearAsync(region);
        var thisYear = app.Year;
        foreach (var employer in notYet)
        {
            await app.AccreditAsync(employer, rlw: true);
        }

        var now = await app.IndicatorsAsync(region, thisYear);
        var then = await app.IndicatorsAsync(region, lastYear);
        var council = then.ByLocalAuthority.Single(c => c.Area == councils[0]);
        Assert.Equal(100.0m, Value(now.ByLocalAuthority.Single(c => c.Area == councils[0]).Indicators, IndicatorIds.ShareEmployeesAtRlwEmployers));
        Assert.Equal(50.0m, Value(council.Indicators, IndicatorIds.ShareEmployeesAtRlwEmployers));
        Assert.Equal(4m, Value(council.Indicators, IndicatorIds.CharterEmployers));
        Assert.Equal(100.0m, Value(now.Indicators, IndicatorIds.ShareEmployeesAtRlwEmployers));
        Assert.Equal(71.4m, Value(then.Indicators, IndicatorIds.ShareEmployeesAtRlwEmployers)); // 50 of 70 staff, region-wide
        Assert.Null(then.Note);
        Assert.Contains($"end of {lastYear}", council.Indicators.Single(i => i.Id == IndicatorIds.CharterEmployers).Source, StringComparison.Ordinal);

        // The council's own route and the CSV answer the same past year.
        var own = await app.CouncilAsync(councils[0], lastYear);
        Assert.Equal(50.0m, Value(own.Indicators, IndicatorIds.ShareEmployeesAtRlwEmployers));
        var csv = await app.Http.GetStringAsync(new Uri($"/api/v1/regions/{region}/indicators.csv?year={lastYear}", UriKind.Relative));
        var row = YearlyFiguresApp.CsvRow(csv, councils[0], IndicatorIds.ShareEmployeesAtRlwEmployers);
        Assert.Equal((lastYear.ToString(CultureInfo.InvariantCulture), 50m, "false", "4"),
            (row[2], decimal.Parse(row[4], CultureInfo.InvariantCulture), row[6], row[7]));

        // The Good Work index of last year scores the snapshot (the councils differ: 50 % and 100 %), and this year's change
        // compares it with the live figures.
        var index = await app.Platform.GetJsonAsync<List<GoodWorkIndexEntry>>($"/api/v1/regions/{region}/good-work-index?year={lastYear}");
        Assert.All(index, e => Assert.Contains(IndicatorIds.ShareEmployeesAtRlwEmployers, e.IndicatorsUsed));
        Assert.Equal(councils[1], index[0].Code);

        // The region's dashboard draws a trend of the employer-derived headline figures over the two years.
        var page = await app.Platform.Anonymous.GetStringAsync(new Uri($"/regions/{region}", UriKind.Relative));
        Assert.Contains($"chart-trend-{IndicatorIds.ShareEmployeesAtRlwEmployers}", page, StringComparison.Ordinal);
        Assert.Contains($"chart-trend-{IndicatorIds.CharterEmployers}", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuppressedCell_StaysSuppressed_InThePastYear()
    {
        app.LateInTheYear();
        var (region, councils) = await app.RegionAsync(2);
        var charter = await app.CharterAsync();
        for (var i = 0; i < 2; i++)
        {
            await app.MemberAsync(councils[0], charter, rlw: true); // 2 < 3: suppressed
        }

        for (var i = 0; i < 3; i++)
        {
            await app.MemberAsync(councils[1], charter, rlw: true);
        }

        var lastYear = await app.PassNewYearAsync(region);
        for (var i = 0; i < 2; i++)
        {
            await app.MemberAsync(councils[0], charter, rlw: true); // 4 now
        }

        var then = await app.CouncilAsync(councils[0], lastYear);
        var now = await app.CouncilAsync(councils[0], app.Year);
        var cell = then.Indicators.Single(i => i.Id == IndicatorIds.CharterEmployers);
        Assert.Equal((true, (decimal?)null, 2), (cell.Suppressed, cell.Value, cell.Basis.Employers));
        Assert.Equal(4m, Value(now.Indicators, IndicatorIds.CharterEmployers));
        Assert.Equal(3m, Value((await app.CouncilAsync(councils[1], lastYear)).Indicators, IndicatorIds.CharterEmployers));

        var csv = await app.Http.GetStringAsync(new Uri($"/api/v1/local-authorities/{councils[0]}/indicators.csv?year={lastYear}", UriKind.Relative));
        var row = YearlyFiguresApp.CsvRow(csv, councils[0], IndicatorIds.CharterEmployers);
        Assert.Equal(new[] { lastYear.ToString(CultureInfo.InvariantCulture), "", "employers", "true", "2" }, new[] { row[2], row[4], row[5], row[6], row[7] });
        Assert.DoesNotContain($"{IndicatorIds.ShareEmployeesAtRlwEmployers},100", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnDemandSnapshot_KeepsThisYearLive_IsReplacedUntilTheYearEnd_WhichStays()
    {
        app.LateInTheYear();
        var (region, councils) = await app.RegionAsync(1);
        var charter = await app.CharterAsync();
        for (var i = 0; i < 3; i++)
        {
            await app.MemberAsync(councils[0], charter, rlw: false);
        }

        var year = app.Year;
        using var first = await app.SendAsync(HttpMethod.Post, $"/api/v1/regions/{region}/indicators/snapshots");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var receipt = (await first.Content.ReadFromJsonAsync<IndicatorSnapshotReceipt>())!;
        Assert.Equal((year, IndicatorSnapshotInfo.OnDemandKind), (receipt.Year, receipt.Kind));
        Assert.Equal(councils, receipt.LocalAuthorities);
        Assert.Equal($"/api/v1/regions/{region}/indicators?year={year}", first.Headers.Location?.OriginalString);

        // The current year stays live.
        await app.MemberAsync(councils[0], charter, rlw: false);
        Assert.Equal(4m, Value((await app.CouncilAsync(councils[0], year)).Indicators, IndicatorIds.CharterEmployers));

        // A later on-demand snapshot replaces the first.
        app.Platform.Clock.Advance(TimeSpan.FromHours(1));
        using var second = await app.SendAsync(HttpMethod.Post, $"/api/v1/regions/{region}/indicators/snapshots");
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var listed = await app.Platform.GetJsonAsync<IndicatorSnapshots>($"/api/v1/regions/{region}/indicators/snapshots");
        Assert.Equal(new[] { new IndicatorSnapshotInfo(year, IndicatorSnapshotInfo.OnDemandKind, receipt.TakenAt.AddHours(1)) }, listed.Region);
        Assert.Equal(listed.Region, listed.ByLocalAuthority[councils[0]]);

        // The year end replaces it with the year's last figures, and nothing replaces that: a snapshot now is of the new year.
        await app.MemberAsync(councils[0], charter, rlw: false);
        await app.PassNewYearAsync(region);
        Assert.Equal(5m, Value((await app.CouncilAsync(councils[0], year)).Indicators, IndicatorIds.CharterEmployers));
        await app.MemberAsync(councils[0], charter, rlw: false);
        using var after = await app.SendAsync(HttpMethod.Post, $"/api/v1/regions/{region}/indicators/snapshots");
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(year + 1, (await after.Content.ReadFromJsonAsync<IndicatorSnapshotReceipt>())!.Year);
        listed = await app.Platform.GetJsonAsync<IndicatorSnapshots>($"/api/v1/regions/{region}/indicators/snapshots");
        Assert.Equal(new[] { (year, IndicatorSnapshotInfo.YearEndKind), (year + 1, IndicatorSnapshotInfo.OnDemandKind) },
            listed.ByLocalAuthority[councils[0]].Select(s => (s.Year, s.Kind)));
        Assert.Equal(5m, Value((await app.CouncilAsync(councils[0], year)).Indicators, IndicatorIds.CharterEmployers));
        Assert.Equal(6m, Value((await app.CouncilAsync(councils[0], year + 1)).Indicators, IndicatorIds.CharterEmployers));
    }
}
