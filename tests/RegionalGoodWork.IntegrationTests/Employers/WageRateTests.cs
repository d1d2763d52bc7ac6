using System.Net;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;
using static RegionalGoodWork.IntegrationTests.Employers.EmployersApp;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>
/// Pay truth: the wage rates shipped and announced (<c>/api/v1/wage-rates</c>), and rule leaves compared with the rate in
/// force where the staff work (Greater London: the London rate) today (the annual uplift: <see cref="WageUpliftTests"/>).
/// </summary>
[Collection(Collections.Employers)]
public sealed class WageRateTests(EmployersApp app)
{
    private const string Manchester = "E08000003";
    private const string Westminster = "E09000033";
    private const string LowestRateAtLeastRlw = """{"kind":"pay.lowest-adult-hourly-rate","op":"gte","value":{"rate":"real-living-wage"}}""";

    [Fact]
    public async Task Get_ListsTheShippedRatesNewestFirst_WithTheirSources()
    {
        var rates = (await app.GetAsync("/api/v1/wage-rates")).EnumerateArray().Where(r => r.GetProperty("shipped").GetBoolean()).ToList();

        var rlw = rates.Where(r => r.GetProperty("scheme").GetString() == "real-living-wage").ToList();
        var nlw = rates.Where(r => r.GetProperty("scheme").GetString() == "national-living-wage").ToList();
        Assert.Equal(15, rlw.Count);
        Assert.Equal(["2025-10-01", "2024-10-01", "2023-10-01"], rlw.Take(3).Select(r => r.GetProperty("announcedOn").GetString()));
        var rlw2024 = rlw[1];
        Assert.Equal(("2025-05-01", 12.60m, 13.85m), (rlw2024.GetProperty("payBy").GetString(),
            rlw2024.GetProperty("rates").GetProperty("uk").GetDecimal(), rlw2024.GetProperty("rates").GetProperty("london").GetDecimal()));
        Assert.StartsWith("https://employeebenefits.co.uk/", rlw2024.GetProperty("source").GetProperty("url").GetString(), StringComparison.Ordinal);
        // No implement_by in the file: paid by 1 May after the announcement.
        Assert.Equal("2022-05-01", rlw.Single(r => r.GetProperty("announcedOn").GetString() == "2021-11-01").GetProperty("payBy").GetString());
        // The National Living Wage: the headline rate as uk, no London rate; a row where only the youth rates moved is left out.
        Assert.Equal(("2026-04-01", 12.71m, JsonValueKind.Null), (nlw[0].GetProperty("payBy").GetString(),
            nlw[0].GetProperty("rates").GetProperty("uk").GetDecimal(), nlw[0].GetProperty("rates").GetProperty("london").ValueKind));
        Assert.Equal(11, nlw.Count);
        var all = (await app.GetAsync("/api/v1/wage-rates")).EnumerateArray().Select(r => r.GetProperty("announcedOn").GetString()!).ToList();
        Assert.Equal(all.OrderDescending(StringComparer.Ordinal), all);
    }

    [Fact]
    public async Task Post_AsAdmin_AddsAnAnnouncementShownAtOnce_OthersRefused_BadBodyChangesNothing()
    {
        var year = 2040 + Random.Shared.Next(0, 50);
        var body = $$$"""{"scheme":"real-living-wage","announcedOn":"{{{year}}}-10-22","rates":{"uk":19.10,"london":21.05},"source":{"url":"https://www.livingwage.org.uk/","note":"test"}}""";
        var employerKey = await app.Platform.IssueKeyAsync("employer", """{"employerId":"someone"}""");
        var before = await RawRatesAsync();

        using var refused = await app.Platform.SendAsync(HttpMethod.Post, "/api/v1/wage-rates", employerKey, body);
        using var bad = await app.Platform.SendAsync(HttpMethod.Post, "/api/v1/wage-rates", PlatformApp.AdminKey,
            """{"scheme":"minimum-wage","announcedOn":"2041-13-01","rates":{"uk":-1}}""");
        var afterRefusals = await RawRatesAsync();
        using var created = await app.Platform.SendAsync(HttpMethod.Post, "/api/v1/wage-rates", PlatformApp.AdminKey, body, Guid.NewGuid().ToString());
        var listed = (await app.GetAsync("/api/v1/wage-rates")).EnumerateArray().ToList();
        using var again = await app.Platform.SendAsync(HttpMethod.Post, "/api/v1/wage-rates", PlatformApp.AdminKey, body);
        using var other = await app.Platform.SendAsync(HttpMethod.Post, "/api/v1/wage-rates", PlatformApp.AdminKey,
            body.Replace("19.10", "19.20", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var errors = (await BodyAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("scheme", out _) && errors.TryGetProperty("announcedOn", out _) && errors.TryGetProperty("rates.uk", out _), errors.ToString());
        Assert.Equal(before, afterRefusals);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var shown = listed.Single(r => r.GetProperty("announcedOn").GetString() == $"{year}-10-22");
        Assert.Equal(($"{year + 1}-05-01", 19.10m, 21.05m, false), (shown.GetProperty("payBy").GetString(),
            shown.GetProperty("rates").GetProperty("uk").GetDecimal(), shown.GetProperty("rates").GetProperty("london").GetDecimal(),
            shown.GetProperty("shipped").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Single((await app.GetAsync("/api/v1/wage-rates")).EnumerateArray(), r => r.GetProperty("announcedOn").GetString() == $"{year}-10-22");
    }

    [Fact]
    public async Task LowestRate1345_MeetsTheUkRateInManchester_NotTheLondonRateInWestminster()
    {
        var charter = await app.CharterAsync(["member"], [("living-wage", "member", LowestRateAtLeastRlw)]);
        var manchester = await app.EmployerAsync(Manchester);
        var westminster = await app.EmployerAsync(Westminster);
        var both = await BothSitesEmployerAsync();
        await app.JoinAsync(manchester, charter);
        await app.JoinAsync(westminster, charter);
        await app.JoinAsync(both, charter);

        // On the test clock's day (1 May 2026) the 2025 announcement is in force: UK £13.45, London £14.80.
        var pay = Pay(13.45m, "2026-05-01");
        foreach (var employer in new[] { manchester, westminster, both })
        {
            Assert.Equal(HttpStatusCode.OK, (await app.SubmitAsync(employer, pay)).Status);
        }

        Assert.Equal("member", Tier(await app.MembershipAsync(manchester, charter)));
        Assert.Null(Tier(await app.MembershipAsync(westminster, charter)));
        Assert.Null(Tier(await app.MembershipAsync(both, charter))); // must meet London's rate at its London site too

        await app.SubmitAsync(westminster, Pay(14.80m, "2026-05-01"));
        await app.SubmitAsync(both, Pay(14.80m, "2026-05-01"));
        Assert.Equal("member", Tier(await app.MembershipAsync(westminster, charter)));
        Assert.Equal("member", Tier(await app.MembershipAsync(both, charter)));
    }

    [Fact]
    public async Task Evidence_ComparedWithTheRateInForceToday_NotWithTheRateOfItsEffectiveDate()
    {
        var charter = await app.CharterAsync(["member"], [("living-wage", "member", LowestRateAtLeastRlw)]);
        var stale = await app.EmployerAsync(Manchester);
        var old = await app.EmployerAsync(Manchester);
        await app.JoinAsync(stale, charter);
        await app.JoinAsync(old, charter);

        // £12.60 met the 2024 rate in force on 30 April 2026; from 1 May 2026 (today) the 2025 rate (£13.45) must be paid.
        await app.SubmitAsync(stale, Pay(12.60m, "2026-04-30"));
        await app.SubmitAsync(old, Pay(13.45m, "2025-06-01"));

        Assert.Null(Tier(await app.MembershipAsync(stale, charter)));
        Assert.Contains((await app.GetAsync($"/api/v1/employers/{stale}/evidence")).EnumerateArray(),
            e => e.GetProperty("kind").GetString() == "pay.lowest-adult-hourly-rate"); // in force: the rate, not the date, failed it
        Assert.Equal("member", Tier(await app.MembershipAsync(old, charter)));

        await app.SubmitAsync(stale, Pay(13.45m, "2026-05-01"));
        Assert.Equal("member", Tier(await app.MembershipAsync(stale, charter)));
    }

    [Fact]
    public async Task ShippedCharter_LivingWageRequirement_MetByTheLowestRateWithoutAccreditation()
    {
        var employer = await app.EmployerAsync(Manchester);
        await app.JoinAsync(employer, "gm-gec");

        await app.SubmitAsync(employer, Pay(13.45m, "2026-05-01")); // the platform's test clock starts on 1 May 2026
        var membership = await app.MembershipAsync(employer, "gm-gec");

        Assert.Contains("real-living-wage", membership.GetProperty("met").EnumerateArray().Select(e => e.GetString()));
        var lower = await app.EmployerAsync(Manchester);
        await app.JoinAsync(lower, "gm-gec");
        await app.SubmitAsync(lower, Pay(13.44m, "2026-05-01"));
        Assert.DoesNotContain("real-living-wage", (await app.MembershipAsync(lower, "gm-gec")).GetProperty("met").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task CharterDraft_WithAnUnknownRateScheme_Is400()
    {
        var id = NewId("charter");
        const string body = """{"name":"Rate test","owner":"E47000001","tiers":["member"],"requirements":[{"id":"lw","title":"lw","tier":"member","principle":"fair-pay","rule":{"kind":"pay.lowest-adult-hourly-rate","op":"gte","value":{"rate":"minimum-wage"}}}]}""";

        using var response = await app.SendAsync(HttpMethod.Put, $"/api/v1/charters/{id}/draft", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("minimum-wage", (await BodyAsync(response)).GetProperty("errors").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await app.TryGetAsync($"/api/v1/charters/{id}/draft")).Status);
    }

    private static string Pay(decimal rate, string effectiveFrom) =>
        $$"""[{"kind":"pay.lowest-adult-hourly-rate","value":{{rate.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"effectiveFrom":"{{effectiveFrom}}","validUntil":"2030-01-01"}]""";

    private async Task<string> BothSitesEmployerAsync()
    {
        var id = NewId("emp");
        using var response = await app.SendAsync(HttpMethod.Put, $"/api/v1/employers/{id}",
            $$"""{"name":"Employer {{id}}","sites":[{"localAuthority":"{{Manchester}}","headcount":30},{"localAuthority":"{{Westminster}}","headcount":10}]}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    private async Task<string> RawRatesAsync() => (await app.GetAsync("/api/v1/wage-rates")).GetRawText();
}
