using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.PortalTests;

/// <summary>
/// The signed-in pages as a person sees them in chromium: an employer signs in with a link and lands on its own page,
/// sends evidence through the one form and sees its tier move; a charter officer lands on its charter's members page and
/// finds the member, its tier and the evidence awaiting verification; another employer is refused. Each employer here is
/// new (its own id), on the shared demo platform.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class EmployerPagesTests(PortalBrowser portal)
{
    private const string GmCharter = "Greater Manchester Good Employment Charter";

    [Fact]
    public async Task AnEmployer_SignsInWithALink_SendsEvidenceThroughTheForm_AndSeesItsTierMove()
    {
        var employer = await MemberAsync("form", "Form Fixtures Ltd", "gm-gec", "lcr-fec");
        // Everything Greater Manchester's Member tier asks but a health and wellbeing plan, sent through the API beforehand.
        await EvidenceAsync(employer, """
            [{"kind":"conditions.zero-hours-only-by-consent","value":true},{"kind":"conditions.guaranteed-hours-review-weeks","value":12},
             {"kind":"flex.flexible-from-day-one","value":true},{"kind":"flex.family-friendly-policies","value":true},{"kind":"pay.rlw-accredited","value":true},{"kind":"pay.sick-pay-from-day-one","value":true},
             {"kind":"voice.employee-forum","value":true},{"kind":"access.inclusive-recruitment","value":true},{"kind":"support.line-manager-training","value":true}]
            """);
        var (page, requests) = await portal.NewPageAsync();

        await SignInAsync(page, "Flo Fixture", "employer", new { employerId = employer });

        // Landed on its own page, not /account.
        Assert.EndsWith($"/employers/{employer}", page.Url, StringComparison.Ordinal);
        Assert.Equal("Form Fixtures Ltd", (await page.Locator("h1").InnerTextAsync()).Trim());
        var gm = page.Locator(".rgw-membership[data-charter=gm-gec]");
        Assert.Equal("Supporter", (await gm.Locator("[data-tier]").InnerTextAsync()).Trim());
        Assert.Equal("Member", (await gm.Locator("[data-next-tier]").InnerTextAsync()).Trim());
        Assert.Contains("A health and wellbeing plan is in place.", await gm.Locator(".rgw-missing").InnerTextAsync());
        // The requests of both charters as one form, each kind once, as the API lists them.
        var apiKinds = (await portal.Platform.GetJsonAsync<JsonElement>($"/api/v1/employers/{employer}/evidence-requests"))
            .EnumerateArray().Select(r => r.GetProperty("kind").GetString()!).Order(StringComparer.Ordinal).ToList();
        var formKinds = (await page.Locator("#evidence-form [data-kind]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.kind)"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(apiKinds, formKinds);
        Assert.Contains("wellbeing.health-wellbeing-plan", formKinds);
        await portal.AssertLooksRightAsync(page, requests, "employer");

        // A number that does not read: the GOV.UK error summary, nothing stored, what was chosen kept.
        var wellbeing = page.Locator("#evidence-form [data-kind='wellbeing.health-wellbeing-plan']");
        await wellbeing.GetByLabel("Yes").CheckAsync();
        var number = page.Locator("#evidence-form input[inputmode=decimal]").First;
        await number.FillAsync("lots");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Send evidence" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith($"/employers/{employer}", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
        Assert.Equal(400, refused.Status);
        var summary = page.Locator(".govuk-error-summary");
        Assert.Contains("enter a number", await summary.InnerTextAsync());
        Assert.Equal(await number.GetAttributeAsync("id"), (await summary.Locator("a").First.GetAttributeAsync("href"))!.TrimStart('#'));
        Assert.True(await wellbeing.GetByLabel("Yes").IsCheckedAsync());
        Assert.Equal("Supporter", (await page.Locator(".rgw-membership[data-charter=gm-gec] [data-tier]").InnerTextAsync()).Trim());
        Assert.DoesNotContain(await HistoryKindsAsync(employer), k => k == "wellbeing.health-wellbeing-plan");
        await portal.AssertLooksRightAsync(page, requests, "employer-form-error");

        // Sent right: the tier moves, the banner names the charter, the item is in the history as self-declared.
        await number.FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send evidence" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        var banner = page.Locator(".govuk-notification-banner--success");
        Assert.Contains("1 piece of evidence saved", await banner.InnerTextAsync());
        Assert.Equal($"{GmCharter}: Supporter → Member", (await banner.Locator("#tier-moves li[data-charter=gm-gec]").InnerTextAsync()).Trim());
        Assert.Equal("Member", (await page.Locator(".rgw-membership[data-charter=gm-gec] [data-tier]").InnerTextAsync()).Trim());
        var row = page.Locator("#evidence-history tr[data-kind='wellbeing.health-wellbeing-plan']");
        Assert.Equal("Self-declared", (await row.Locator("td").Nth(1).InnerTextAsync()).Trim());
        Assert.Equal("In force", (await row.Locator("[data-state]").InnerTextAsync()).Trim());
        // What expires next: the item in force that ends first, as the API's current evidence says.
        var soonest = (await portal.Platform.GetJsonAsync<JsonElement>($"/api/v1/employers/{employer}/evidence")).EnumerateArray()
            .Select(e => DateOnly.Parse(e.GetProperty("validUntil").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Min();
        Assert.EndsWith($"in force until {soonest.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}",
            (await page.Locator("#expiring li").First.InnerTextAsync()).Trim(), StringComparison.Ordinal);
        // Submitted once, through the employer's grain, as the API would have recorded it.
        Assert.Single(await HistoryKindsAsync(employer), k => k == "wellbeing.health-wellbeing-plan");
        Assert.Equal("member", (await portal.Platform.GetJsonAsync<JsonElement>($"/api/v1/employers/{employer}/memberships/gm-gec")).GetProperty("tier").GetString());
        await portal.AssertLooksRightAsync(page, requests, "employer-tier-moved");
    }

    [Fact]
    public async Task AnOfficer_LandsOnItsCharterMembersPage_ListingAMemberItsTier_AndEvidenceAwaitingVerification()
    {
        var employer = await MemberAsync("officer", "Officer View Ltd", "gm-gec");
        await EvidenceAsync(employer, """[{"kind":"voice.employee-forum","value":true}]""");
        await Eventually.HoldsAsync(() => portal.Platform.GetJsonAsync<JsonElement>("/api/v1/charters/gm-gec/members"),
            m => m.EnumerateArray().Any(e => e.GetProperty("employerId").GetString() == employer), "the new member in the charter's member index");
        var (page, requests) = await portal.NewPageAsync();

        await SignInAsync(page, "Olu Officer", "charter-officer", new { charterIds = new[] { "gm-gec" } });

        Assert.EndsWith("/charters/gm-gec/members", page.Url, StringComparison.Ordinal);
        Assert.Equal("Members and their evidence", (await page.Locator("h1").InnerTextAsync()).Trim());
        var row = page.Locator($"#members tr[data-employer={employer}]");
        Assert.Equal("Officer View Ltd", (await row.Locator("th").InnerTextAsync()).Trim());
        Assert.Equal("Supporter", (await row.Locator("[data-tier]").InnerTextAsync()).Trim());
        Assert.Contains("An employee forum or staff council meets regularly: yes", await row.Locator("[data-awaiting]").InnerTextAsync());
        await portal.AssertLooksRightAsync(page, requests, "charter-members");

        // The officer follows the member to its page: the membership, no form (the locker's requests are the employer's).
        await row.Locator("th a").ClickAsync();
        await page.WaitForLoadStateAsync();
        Assert.Equal("Officer View Ltd", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("Supporter", (await page.Locator(".rgw-membership[data-charter=gm-gec] [data-tier]").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.Locator("#evidence-form").CountAsync());
        await portal.AssertLooksRightAsync(page, requests, "employer-as-officer");

        // Another charter's members page is not this officer's.
        var other = await page.GotoAsync("/charters/london-gws/members");
        Assert.Equal(403, other!.Status);
    }

    [Fact]
    public async Task AnotherEmployer_IsRefused_AndNobodySignedIn_IsAskedToSignIn()
    {
        var employer = await MemberAsync("private", "Private Books Ltd", "gm-gec");
        var stranger = await MemberAsync("stranger", "Stranger Things Ltd", "gm-gec");
        var (page, requests) = await portal.NewPageAsync();

        var anonymous = await page.GotoAsync($"/employers/{employer}");
        Assert.Equal(401, anonymous!.Status);
        Assert.Equal("Sign in to see this page", (await page.Locator("h1").InnerTextAsync()).Trim());

        await SignInAsync(page, "Sam Stranger", "employer", new { employerId = stranger });
        var refused = await page.GotoAsync($"/employers/{employer}");

        Assert.Equal(403, refused!.Status);
        Assert.Equal("You cannot see this page", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.DoesNotContain("Private Books Ltd", await page.Locator("main").InnerTextAsync());
        Assert.Equal(403, (await page.GotoAsync("/charters/gm-gec/members"))!.Status);
        await page.GotoAsync($"/employers/{employer}");
        await portal.AssertLooksRightAsync(page, requests, "employer-refused");
    }

    /// <summary>A new employer with a site in Manchester, member of <paramref name="charters"/>; its id.</summary>
    private async Task<string> MemberAsync(string prefix, string name, params string[] charters)
    {
        var id = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var http = portal.Platform.Http;
        (await http.PutAsJsonAsync($"/api/v1/employers/{id}", new { name, sites = new[] { new { localAuthority = "E08000003", headcount = 40 } } })).EnsureSuccessStatusCode();
        foreach (var charter in charters)
        {
            (await http.PostAsJsonAsync($"/api/v1/employers/{id}/memberships", new { charterId = charter })).EnsureSuccessStatusCode();
        }

        return id;
    }

    private async Task EvidenceAsync(string employer, string itemsJson)
    {
        using var content = new StringContent($$"""{"items":{{itemsJson}}}""", System.Text.Encoding.UTF8, "application/json");
        (await portal.Platform.Http.PostAsync(new Uri($"/api/v1/employers/{employer}/evidence", UriKind.Relative), content)).EnsureSuccessStatusCode();
    }

    private async Task<List<string>> HistoryKindsAsync(string employer) =>
        (await portal.Platform.GetJsonAsync<JsonElement>($"/api/v1/employers/{employer}/evidence?history=true"))
        .EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToList();

    /// <summary>Opens a new sign-in link for the person in the page and presses its button, as the person would.</summary>
    private async Task SignInAsync(IPage page, string name, string role, object scope)
    {
        using var response = await portal.Platform.Http.PostAsJsonAsync("/api/v1/sign-in-links", new { name, role, scope });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        await page.GotoAsync(body.GetProperty("url").GetString()!);
        Assert.Contains(name, await page.Locator("main").InnerTextAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }
}
