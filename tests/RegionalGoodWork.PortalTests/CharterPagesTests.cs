using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.PortalTests;

/// <summary>
/// The charter list, a charter's page and the comparison as a person sees them in chromium, on the four shipped charters
/// and the demo employers (members of Greater Manchester's charter, a few of Liverpool City Region's too).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class CharterPagesTests(PortalBrowser portal)
{
    private static readonly Dictionary<string, string> Shipped = new()
    {
        ["gm-gec"] = "Greater Manchester Good Employment Charter",
        ["lcr-fec"] = "Liverpool City Region Fair Employment Charter",
        ["london-gws"] = "Mayor of London's Good Work Standard",
        ["ne-gwp"] = "North East Good Work Pledge",
    };

    [Fact]
    public async Task Charters_ListsTheFourShippedCharters_WithRegionTiersAndMembers_EachLinkingToItsPage()
    {
        var (page, requests) = await portal.NewPageAsync();
        // The member index is written behind: wait until the demo employers show, then read the page against the API.
        var apiMembers = await Eventually.HoldsAsync(() => portal.Platform.GetJsonAsync<JsonElement>("/api/v1/charters/gm-gec/members"),
            m => m.GetArrayLength() > 0, "the demo employers in Greater Manchester's member index");

        var response = await page.GotoAsync("/charters");

        Assert.Equal(200, response!.Status);
        Assert.Equal("Good-work charters", (await page.Locator("h1").InnerTextAsync()).Trim());
        foreach (var (id, name) in Shipped)
        {
            var link = page.Locator($"#charters tr[data-charter={id}] th a");
            Assert.Equal(name, (await link.InnerTextAsync()).Trim());
            Assert.Equal($"/charters/{id}", await link.GetAttributeAsync("href"));
        }

        var gm = page.Locator("#charters tr[data-charter=gm-gec]");
        Assert.Contains("Greater Manchester Combined Authority", await gm.InnerTextAsync());
        Assert.Contains("Supporter, Member", await gm.InnerTextAsync());
        Assert.Equal(apiMembers.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture), (await gm.Locator("[data-members]").InnerTextAsync()).Trim());
        Assert.Contains("Greater London Authority", await page.Locator("#charters tr[data-charter=london-gws]").InnerTextAsync());
        // The header's navigation leads here, marked as the current section.
        var current = page.Locator(".govuk-service-navigation__link[aria-current]");
        Assert.Equal("Charters", (await current.InnerTextAsync()).Trim());
        Assert.Equal("/compare", await page.GetByRole(AriaRole.Link, new() { Name = "Compare charters", Exact = true }).First.GetAttributeAsync("href"));
        await portal.AssertLooksRightAsync(page, requests, "charters");
    }

    [Fact]
    public async Task Charter_ShowsItsTiers_RequirementsInPlainWords_AndMembersPerTier()
    {
        var (page, requests) = await portal.NewPageAsync();

        await page.GotoAsync("/charters/lcr-fec");

        Assert.Equal("Liverpool City Region Fair Employment Charter", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal(["Aspiring", "Accredited", "Ambassador"], (await page.Locator(".rgw-tier h3").AllInnerTextsAsync()).Select(t => t.Trim()));
        // A threshold in the kind's own words and unit, and an anyOf read as alternatives.
        var zeroHours = page.Locator(".rgw-tier[data-tier=accredited] [data-requirement=fair-minimal-zero-hours] .rgw-rule");
        Assert.Equal("Share of staff on zero-hours contracts: at most 5%.", (await zeroHours.InnerTextAsync()).Trim());
        var notice = page.Locator("[data-requirement=fair-shift-notice] .rgw-rule");
        Assert.Equal("Minimum advance notice of shifts: at least 14 days.", (await notice.InnerTextAsync()).Trim());
        var livingWage = page.Locator("[data-requirement=fair-real-living-wage] .rgw-rule");
        Assert.StartsWith("Any one of these:", (await livingWage.InnerTextAsync()).Trim());
        Assert.Equal(
            [
                "A Living Wage Foundation accreditation (licence) is held.",
                "Share of directly employed staff aged 18 or over (apprentices and interns aside, as the Living Wage Foundation's accreditation counts them) paid at least the real Living Wage: at least 100%.",
                // A leaf compared with the wage rate in force reads as that rate, not as a number.
                "The lowest hourly rate paid to any directly employed adult (18 or over; apprentices and interns aside, as the Living Wage Foundation's accreditation counts them); compare with the real Living Wage (UK or London rate) in force on the effective date: at least the real Living Wage in force where the staff work.",
            ],
            (await livingWage.Locator("li").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Contains("held on joining", await page.Locator(".rgw-tier[data-tier=aspiring]").InnerTextAsync());

        // Members per tier: the charter's member index, as the API lists it.
        var members = await portal.Platform.GetJsonAsync<JsonElement>("/api/v1/charters/lcr-fec/members");
        Assert.True(members.GetArrayLength() > 0, "the demo data has no Liverpool City Region member");
        foreach (var tier in new[] { "aspiring", "accredited", "ambassador" })
        {
            var expected = members.EnumerateArray().Count(m => m.GetProperty("tier").ValueKind == JsonValueKind.String && m.GetProperty("tier").GetString() == tier);
            var shown = await page.Locator($"#members-per-tier tr[data-tier={tier}] td").InnerTextAsync();
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), shown.Trim());
        }

        await portal.AssertLooksRightAsync(page, requests, "charter");
    }

    [Fact]
    public async Task UnknownCharter_AnswersThePageNotFound()
    {
        var (page, requests) = await portal.NewPageAsync();

        var response = await page.GotoAsync("/charters/no-such-charter");

        Assert.Equal(404, response!.Status);
        Assert.Equal("Charter not found", (await page.Locator("h1").InnerTextAsync()).Trim());
        await portal.AssertLooksRightAsync(page, requests, "charter-not-found");
    }

    [Fact]
    public async Task Compare_TwoShippedCharters_LabelsTheConflict_NamingTheStrictestThresholdAndCharter()
    {
        var (page, requests) = await portal.NewPageAsync();

        var response = await page.GotoAsync("/compare?charters=gm-gec,london-gws");

        Assert.Equal(200, response!.Status);
        // Greater Manchester accepts zero-hours contracts by consent (a share of 0 is one way); London's excellence level
        // asks for none at all: the stricter threshold, which meets both.
        var zeroHours = page.Locator("#shared-table tr[data-kind='conditions.zero-hours-share']");
        Assert.Equal("Share of staff on zero-hours contracts", (await zeroHours.Locator("th").InnerTextAsync()).Trim());
        var agreement = zeroHours.Locator("[data-agreement]");
        Assert.Equal("Conflict", (await agreement.Locator(".govuk-tag").InnerTextAsync()).Trim());
        Assert.Equal("london-gws", await agreement.Locator("[data-strictest]").GetAttributeAsync("data-strictest"));
        Assert.Equal("Strictest: exactly 0%, Mayor of London's Good Work Standard (No zero-hours contracts (Excellence))",
            WhiteSpace().Replace((await agreement.Locator("[data-strictest]").InnerTextAsync()).Trim(), " "));
        Assert.Contains("one way to meet it", await zeroHours.Locator("td[data-charter=gm-gec]").InnerTextAsync());
        // Evidence both read alike is shown as the same, not as a conflict.
        var sameRows = page.Locator("#shared-table tr[data-conflict=false] [data-agreement] .govuk-tag");
        Assert.True(await sameRows.CountAsync() > 0, "no shared kind without a conflict");
        Assert.Equal("Same", (await sameRows.First.InnerTextAsync()).Trim());

        // Principles × charters: fair pay is asked by both.
        var fairPay = page.Locator("#principles-table tr[data-principle=fair-pay]");
        Assert.Contains("Pays the real Living Wage (Member)", await fairPay.Locator("td[data-charter=gm-gec]").InnerTextAsync());
        Assert.Contains("Living Wage Foundation accredited (prerequisite) (Foundation)", await fairPay.Locator("td[data-charter=london-gws]").InnerTextAsync());
        // What each asks alone: only Greater Manchester reads sick pay from day one; only London the ethnicity pay gap.
        Assert.Contains("Sick pay from the first day of absence (Member)", await page.Locator("[data-unique=gm-gec]").InnerTextAsync());
        Assert.Contains("Ethnicity pay gap", await page.Locator("[data-unique=london-gws]").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);

        // Related evidence: accreditation implies every staff member paid the real Living Wage, so Greater Manchester's
        // "pays the real Living Wage" and London's two living-wage requirements are one cluster, London's accreditation strictest.
        var related = page.Locator("[data-cluster~='pay.rlw-accredited']");
        Assert.Equal("london-gws", await related.Locator("[data-strictest]").GetAttributeAsync("data-strictest"));
        Assert.Contains("Living Wage Foundation accredited (prerequisite) (Foundation)", await related.Locator("[data-strictest]").InnerTextAsync());
        Assert.Contains("Pays the real Living Wage (Member)", await related.Locator("[data-charter=gm-gec]").InnerTextAsync());
        Assert.Contains("London Living Wage for all staff, interns included (Achievement)", await related.Locator("[data-charter=london-gws]").InnerTextAsync());
        Assert.True(await related.Locator("[data-implication]").CountAsync() >= 2);

        // The form shows the choice it made.
        Assert.True(await page.Locator("input[type=checkbox][value=gm-gec]").IsCheckedAsync());
        Assert.True(await page.Locator("input[type=checkbox][value=london-gws]").IsCheckedAsync());
        Assert.False(await page.Locator("input[type=checkbox][value=ne-gwp]").IsCheckedAsync());
        await portal.AssertLooksRightAsync(page, requests, "compare");
    }

    [Fact]
    public async Task Compare_ChoosingChartersInTheForm_ShowsTheirComparison_WithoutJavaScript()
    {
        var context = await portal.Browser.NewContextAsync(new() { BaseURL = portal.Platform.Anonymous.BaseAddress!.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/compare");
        Assert.Equal(0, await page.Locator("#shared-table").CountAsync());

        await page.GetByLabel("Greater Manchester Good Employment Charter").CheckAsync();
        await page.GetByLabel("Liverpool City Region Fair Employment Charter").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("charters=gm-gec.*charters=lcr-fec"));
        Assert.Equal(["Greater Manchester Good Employment Charter", "Liverpool City Region Fair Employment Charter"],
            (await page.Locator("#principles-table thead th[data-charter]").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.True(await page.Locator("#shared-table tr[data-kind='pay.rlw-accredited']").CountAsync() == 1);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Compare_WithTooFewOrUnknownCharters_ShowsTheErrorSummary_With400Or404()
    {
        var (page, requests) = await portal.NewPageAsync();

        var unknown = await page.GotoAsync("/compare?charters=gm-gec,no-such-charter");

        Assert.Equal(404, unknown!.Status);
        Assert.StartsWith("Error:", await page.TitleAsync());
        var summary = page.Locator(".govuk-error-summary");
        Assert.Contains("There is a problem", await summary.InnerTextAsync());
        Assert.Contains("'no-such-charter'", await summary.Locator("a[href='#charters']").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#shared-table").CountAsync());
        await portal.AssertLooksRightAsync(page, requests, "compare-unknown-charter");

        var one = await page.GotoAsync("/compare?charters=gm-gec");
        Assert.Equal(400, one!.Status);
        Assert.Contains("Choose at least two charters", await page.Locator(".govuk-error-summary").InnerTextAsync());
        Assert.Contains("Choose at least two charters", await page.Locator("#charters-error").InnerTextAsync());

        // The form sent with nothing ticked is an error too, not the blank form again.
        await page.GotoAsync("/compare");
        var waited = page.WaitForResponseAsync(r => r.Url.Contains("/compare?", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        Assert.Equal(400, (await waited).Status);
        Assert.Contains("Choose at least two charters", await page.Locator(".govuk-error-summary").InnerTextAsync());
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
