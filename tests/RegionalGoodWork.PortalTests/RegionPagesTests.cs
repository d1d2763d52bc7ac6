using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace RegionalGoodWork.PortalTests;

/// <summary>
/// The home page and a region's dashboard as a person sees them in chromium, on the demo data: what is shown, that
/// nothing comes from another address, no serious or critical axe-core violation, a screenshot of each.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class RegionPagesTests(PortalBrowser portal)
{
    private const string GreaterManchester = "E47000001";

    [Fact]
    public async Task Home_ListsThePlatformsRegions_EachLinkingToItsDashboard()
    {
        var (page, requests) = await portal.NewPageAsync();

        var response = await page.GotoAsync("/");

        Assert.Equal(200, response!.Status);
        Assert.Equal("en-GB", await page.GetAttributeAsync("html", "lang"));
        var links = page.Locator("#regions a");
        Assert.Equal(17, await links.CountAsync()); // England's 13 combined authorities and London, and the three other nations
        foreach (var nation in new[] { "Scotland", "Wales", "Northern Ireland" })
        {
            Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = nation, Exact = true }).CountAsync());
        }

        var gm = page.GetByRole(AriaRole.Link, new() { Name = "Greater Manchester Combined Authority" });
        Assert.Equal($"/regions/{GreaterManchester}", await gm.GetAttributeAsync("href"));
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "South Yorkshire Mayoral Combined Authority" }).CountAsync());
        await portal.AssertLooksRightAsync(page, requests, "home");
    }

    [Fact]
    public async Task RegionDashboard_ShowsTheRegionsCouncils_AndACouncilsPublishedFigure()
    {
        var region = await portal.Platform.GetJsonAsync<JsonElement>($"/api/v1/regions/{GreaterManchester}");
        var (page, requests) = await portal.NewPageAsync();

        var response = await page.GotoAsync($"/regions/{GreaterManchester}");

        Assert.Equal(200, response!.Status);
        Assert.Equal("Greater Manchester Combined Authority", (await page.Locator("h1").InnerTextAsync()).Trim());
        var rows = await page.Locator("#council-table tbody th[scope=row]").AllInnerTextsAsync();
        var councils = region.GetProperty("localAuthorities").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Order().ToList();
        Assert.Equal(10, councils.Count);
        Assert.Equal(councils, rows.Select(r => r.Trim()).Order().ToList());
        // Manchester's employment rate as the ONS published it for 2023 (the demo data's official figures).
        Assert.Equal("71.4%", (await Cell(page, "E08000003", "employment-rate").InnerTextAsync()).Trim());
        Assert.Contains("(2023)", await page.Locator("#council-table th[data-indicator=employment-rate]").InnerTextAsync());
        // The headline figures and the CSV download the API serves.
        Assert.Equal("40", (await page.Locator("[data-indicator=charter-employers] .rgw-headline__value").InnerTextAsync()).Trim());
        // Every headline is named in words, never by its indicator id.
        Assert.All(await page.Locator(".rgw-headline__label").AllInnerTextsAsync(), label => Assert.DoesNotMatch("^[a-z0-9.-]+$", label.Trim()));
        var csv = await page.GetByRole(AriaRole.Link, new() { NameRegex = new("Download the figures") }).GetAttributeAsync("href");
        Assert.Equal($"/api/v1/regions/{GreaterManchester}/indicators.csv?year=2026", csv);
        Assert.Equal(HttpStatusCode.OK, (await portal.Platform.Anonymous.GetAsync(new Uri(csv!, UriKind.Relative))).StatusCode);
        await portal.AssertLooksRightAsync(page, requests, "region-dashboard");
    }

    [Fact]
    public async Task RegionDashboard_ShowsASuppressedFigureAsSuppressed_NeverAsZero()
    {
        // Whichever council the API says is withheld for one of the table's figures (40 employers over 10 councils: some have fewer than 5).
        var figures = await portal.Platform.GetJsonAsync<JsonElement>($"/api/v1/regions/{GreaterManchester}/indicators?year=2026");
        var withheld = figures.GetProperty("byLocalAuthority").EnumerateArray()
            .SelectMany(c => c.GetProperty("indicators").EnumerateArray().Select(i => (Council: c.GetProperty("area").GetString()!, Indicator: i)))
            .FirstOrDefault(p => p.Indicator.GetProperty("suppressed").GetBoolean() && p.Indicator.GetProperty("id").GetString() is "charter-employers" or "employees-covered" or "share-employees-at-rlw-employers");
        Assert.True(withheld.Council is not null, "the demo data has no suppressed council figure for the test to look at");
        var (page, _) = await portal.NewPageAsync();

        await page.GotoAsync($"/regions/{GreaterManchester}");

        var cell = Cell(page, withheld.Council, withheld.Indicator.GetProperty("id").GetString()!);
        Assert.Equal("suppressed", (await cell.InnerTextAsync()).Trim());
        Assert.Contains("withheld, not zero", await page.Locator("#suppressed-note").InnerTextAsync());
    }

    [Fact]
    public async Task RegionDashboard_HexMap_IsColouredByTheIndicatorChosenInItsForm()
    {
        var (page, requests) = await portal.NewPageAsync();
        await page.GotoAsync($"/regions/{GreaterManchester}");
        Assert.Equal(10, await page.Locator("#hexmap g[data-council]").CountAsync());

        await page.Locator("#indicator").SelectOptionAsync("employment-rate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("indicator=employment-rate"));

        Assert.Contains("Employment rate", await page.Locator("#hexmap title").First.TextContentAsync());
        Assert.Contains("Manchester: 71.4% (2023)", await page.Locator("#hexmap g[data-council=E08000003] title").TextContentAsync());
        await portal.AssertLooksRightAsync(page, requests, "region-dashboard-map-employment-rate");

        // An indicator the council table does not list by default joins it, so the map's figures are always in a table.
        const string flexible = "share-employees-flexible-from-day-one";
        Assert.Equal(0, await page.Locator($"#council-table th[data-indicator={flexible}]").CountAsync());
        await page.GotoAsync($"/regions/{GreaterManchester}?indicator={flexible}");
        Assert.Contains("Staff offered flexible work from day one", await page.Locator("#hexmap title").First.TextContentAsync());
        Assert.Equal(1, await page.Locator($"#council-table th[data-indicator={flexible}]").CountAsync());
    }

    [Fact]
    public async Task RegionDashboard_DrawsItsChartsWithChartJs_FromTheFiguresOfItsTables()
    {
        var (page, requests) = await portal.NewPageAsync();
        await page.GotoAsync($"/regions/{GreaterManchester}?indicator=employment-rate");

        // The councils' bars: every council with a figure in the table's column, highest first, with the table's values.
        var bars = page.Locator("#chart-councils");
        await bars.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        var chart = await DrawnAsync(page, "#chart-councils canvas");
        var table = new List<(string Council, decimal Value)>();
        foreach (var row in await page.Locator("#council-table tbody tr").AllAsync())
        {
            var text = (await row.Locator("td[data-indicator=employment-rate]").InnerTextAsync()).Trim();
            if (text.EndsWith('%') || text.Contains("% (", StringComparison.Ordinal))
            {
                table.Add(((await row.Locator("th").InnerTextAsync()).Trim(), decimal.Parse(text[..text.IndexOf('%')], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        Assert.Equal(10, table.Count);
        Assert.Equal(table.OrderByDescending(t => t.Value).ThenBy(t => t.Council, StringComparer.Ordinal).Select(t => t.Council), chart.Labels);
        Assert.Equal(table.OrderByDescending(t => t.Value).ThenBy(t => t.Council, StringComparer.Ordinal).Select(t => t.Value), chart.Values.Select(v => v!.Value));
        Assert.Contains(("Manchester", 71.4m), chart.Labels.Zip(chart.Values, (l, v) => (l, v!.Value)));
        Assert.Equal("Figures by council", await page.Locator($"#{await bars.GetAttributeAsync("data-table")} caption").InnerTextAsync());

        // A trend line for each headline figure with more than one year, its values those of the trends table.
        var trends = page.Locator("figure[id^=chart-trend-]");
        Assert.True(await trends.CountAsync() > 0, "no trend chart on the demo data's dashboard");
        var employmentRate = await DrawnAsync(page, "#chart-trend-employment-rate canvas");
        var column = await page.EvaluateAsync<string[][]>("""
            () => {
              const table = document.querySelector('#trends-table');
              const col = [...table.querySelectorAll('thead th')].findIndex(th => th.textContent.trim() === 'Employment rate');
              return [...table.querySelectorAll('tbody tr')].map(tr => [tr.children[0].textContent.trim(), tr.children[col].textContent.trim()]);
            }
            """);
        var years = column.Where(r => r[1].Length > 0).ToList();
        Assert.True(years.Count > 1);
        Assert.Equal(years.Select(r => r[0]), employmentRate.Labels.Where((_, i) => employmentRate.Values[i] is not null));
        Assert.Equal(years.Select(r => decimal.Parse(r[1].TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture)), employmentRate.Values.OfType<decimal>());

        // Chart.js is the platform's own copy.
        lock (requests)
        {
            Assert.Contains(requests, r => r.EndsWith("/assets/portal/chart/chart.umd.min.js", StringComparison.Ordinal));
        }

        await portal.AssertLooksRightAsync(page, requests, "region-dashboard-charts");
    }

    [Fact]
    public async Task RegionDashboard_WithoutJavaScript_ShowsTheTablesAndNoEmptyChart()
    {
        var context = await portal.Browser.NewContextAsync(new() { BaseURL = portal.Platform.Anonymous.BaseAddress!.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"/regions/{GreaterManchester}");

        Assert.True(await page.Locator("#chart-councils").CountAsync() == 1);
        Assert.False(await page.Locator("#chart-councils").IsVisibleAsync());
        Assert.False(await page.Locator("figure[id^=chart-trend-]").First.IsVisibleAsync());
        Assert.True(await page.Locator("#council-table").IsVisibleAsync());
        await context.CloseAsync();
    }

    /// <summary>What Chart.js drew on a canvas: its labels and first series (null for a gap); fails when no chart is on it.</summary>
    private static async Task<(IReadOnlyList<string> Labels, IReadOnlyList<decimal?> Values)> DrawnAsync(IPage page, string canvas)
    {
        var drawn = await page.EvaluateAsync<JsonElement>("""
            selector => {
              const canvas = document.querySelector(selector);
              const chart = window.Chart && canvas && Chart.getChart(canvas);
              return chart && canvas.width > 0 && canvas.height > 0 ? { labels: chart.data.labels, values: chart.data.datasets[0].data } : null;
            }
            """, canvas);
        Assert.True(drawn.ValueKind == JsonValueKind.Object, $"no chart drawn on {canvas}");
        return (drawn.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList(),
            drawn.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (decimal?)null : v.GetDecimal()).ToList());
    }

    [Fact]
    public async Task Pages_AreNotInTheApisOpenApiDocument()
    {
        var document = await portal.Platform.GetJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains("/api/v1/regions/{regionCode}", paths);
        Assert.DoesNotContain("/", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/regions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownRegion_AnswersAPageNotFound_InTheLayout()
    {
        var (page, requests) = await portal.NewPageAsync();

        var response = await page.GotoAsync("/regions/E47999999");

        Assert.Equal(404, response!.Status);
        Assert.Equal("Region not found", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" }).CountAsync());
        await portal.AssertLooksRightAsync(page, requests, "region-not-found");
    }

    [Fact]
    public async Task AccountPage_SignedOut_IsInThePortalsLayout()
    {
        var (page, requests) = await portal.NewPageAsync();

        var response = await page.GotoAsync("/account");

        Assert.Equal(401, response!.Status);
        Assert.Equal("You are not signed in", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("RegionalGoodWork", (await page.Locator(".govuk-service-navigation__service-name").InnerTextAsync()).Trim());
        await portal.AssertLooksRightAsync(page, requests, "account-signed-out");
    }

    private static ILocator Cell(IPage page, string council, string indicator) =>
        page.Locator($"#council-table tr[data-council={council}] td[data-indicator='{indicator}']");
}
