using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ical.Net.CalendarComponents;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.TestKit;
using IcalCalendar = Ical.Net.Calendar;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>
/// The renewal calendar (issue 14, item 4): one calendar per employer across all its charters — evidence expiries, pay-by
/// dates, annual reviews — as JSON and as an iCalendar feed that calendar applications subscribe to, read back with an
/// independent parser (Ical.Net) and byte by byte (CRLF, folding at 75 octets, UTF-8 never split). Its own platform: it
/// announces a wage rate and moves the business clock, which would shift other tests' rates and validity.
/// </summary>
public sealed class RenewalCalendarTests : IAsyncLifetime
{
    private const string Rate = "pay.lowest-adult-hourly-rate";
    private const string Share = "pay.share-staff-paid-rlw";

    // Long and non-ASCII, so the annual review's SUMMARY and DESCRIPTION fold, and a fold could fall inside a character.
    private const string LongName = "Charte pour l’emploi équitable — Großraum Manchester & Région Nord-Ouest, édition 2026 ✓ «bon travail»";

    // The 2025 rates are in force on the test clock's first day (1 May 2026); this one is announced with a pay-by date ahead.
    private const string Announcement =
        """{"scheme":"real-living-wage","announcedOn":"2026-04-30","payBy":"2026-06-01","rates":{"uk":14.10,"london":15.55},"source":{"note":"calendar test"}}""";

    private PlatformApp app = null!;

    public async Task InitializeAsync() =>
        app = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
        {
            ["Orleans:MinimumReminderPeriod"] = "00:00:02",
            ["Modules:Charters:FanOutReminderPeriod"] = "00:00:02",
            ["Modules:Charters:SeedDemo"] = "false",
            ["Modules:Charters:MemberIndexWriteDelay"] = "00:00:00",
        });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Calendar_ListsEveryDueDateAcrossCharters_SortedFromToday_AndTheIcsFeedParsesBackWithStableUidsCrlfAndFolding()
    {
        // Charter A reads the rate (compared with the real Living Wage) and the share paid it; charter B reads the rate only.
        var a = await CharterAsync(LongName, """
            [
            {"id":"living-wage","title":"Pays the real Living Wage","tier":"member","principle":"fair-pay",
             "rule":{"kind":"pay.lowest-adult-hourly-rate","op":"gte","value":{"rate":"real-living-wage"}}},
            {"id":"all-staff","title":"Every adult paid it","tier":"member","principle":"fair-pay",
             "rule":{"kind":"pay.share-staff-paid-rlw","op":"gte","value":100}}]
            """);
        var b = await CharterAsync("Plain charter", """
            [
            {"id":"floor","title":"Pays at least £10","tier":"member","principle":"fair-pay",
             "rule":{"kind":"pay.lowest-adult-hourly-rate","op":"gte","value":10}}]
            """);
        var employer = await EmployerAsync("Calendar Café Ltd");
        await OkAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{a}}"}""");
        await OkAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{b}}"}""");
        await OkAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", $$"""
            {"items":[
            {"kind":"{{Rate}}","value":13.45,"effectiveFrom":"2026-05-01","validUntil":"2027-03-01"},
            {"kind":"{{Share}}","value":100,"effectiveFrom":"2026-05-01","validUntil":"2026-09-01"},
            {"kind":"{{Share}}","value":100,"effectiveFrom":"2026-08-01","validUntil":"2026-12-01"},
            {"kind":"{{Share}}","value":90,"effectiveFrom":"2025-01-01","validUntil":"2026-03-01"},
            {"kind":"voice.trade-union-recognised","value":true}]}
            """);
        await OkAsync(HttpMethod.Post, "/api/v1/wage-rates", Announcement);
        await Eventually.HoldsAsync(() => GetJsonAsync($"/api/v1/employers/{employer}/memberships"),
            m => m.EnumerateArray().Any(x => x.GetProperty("charterId").GetString() == a && x.GetProperty("dueBy").GetArrayLength() > 0),
            "charter A's membership to show the rate due by 1 June", TimeSpan.FromSeconds(60));

        var calendar = await GetJsonAsync($"/api/v1/employers/{employer}/calendar");

        // Sorted by date, from today (1 May 2026): the pay-by date (A only); the share lapsing on 1 December, not 1 September
        // (the renewal reported ahead takes over without a gap; the item lapsed in March is not listed); the rate lapsing for
        // both charters; each membership's first anniversary. The union recognition no charter reads is not listed.
        Assert.Equal(
            [
                ("2026-06-01", "pay-by", a),
                ("2026-12-01", "evidence-expires", a),
                ("2027-03-01", "evidence-expires", string.Join(",", new[] { a, b }.Order(StringComparer.Ordinal))),
                ("2027-05-01", "annual-review", string.Join(",", new[] { a, b }.Order(StringComparer.Ordinal).Take(1))),
                ("2027-05-01", "annual-review", string.Join(",", new[] { a, b }.Order(StringComparer.Ordinal).Skip(1))),
            ],
            calendar.EnumerateArray().Select(e => (e.GetProperty("date").GetString(), e.GetProperty("kind").GetString(),
                string.Join(",", e.GetProperty("charterIds").EnumerateArray().Select(c => c.GetString())))));
        var entries = calendar.EnumerateArray().ToList();
        Assert.Contains("£14.10", What(entries[0]), StringComparison.Ordinal);
        Assert.Contains("Pays the real Living Wage", What(entries[0]), StringComparison.Ordinal);
        Assert.Contains(Share, What(entries[1]), StringComparison.Ordinal);
        Assert.Contains("1 December 2026", What(entries[1]), StringComparison.Ordinal);
        Assert.Contains("Plain charter", What(entries[2]), StringComparison.Ordinal);
        Assert.Contains(LongName, What(entries.Single(e => e.GetProperty("kind").GetString() == "annual-review" && Charters(e) == a)), StringComparison.Ordinal);

        // The feed: two fetches a minute apart, read back by an independent parser and as raw bytes.
        var (first, contentType) = await GetIcsAsync($"/api/v1/employers/{employer}/calendar.ics");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var (second, _) = await GetIcsAsync($"/api/v1/employers/{employer}/calendar.ics");

        Assert.Equal("text/calendar; charset=utf-8", contentType);
        AssertWellFormed(first);
        AssertWellFormed(second);
        var parsed = IcalCalendar.Load(Encoding.UTF8.GetString(first))!;
        var again = IcalCalendar.Load(Encoding.UTF8.GetString(second))!;
        Assert.Equal(("2.0", "PUBLISH", "GREGORIAN"), (parsed.Version, parsed.Method, parsed.Scale));
        Assert.Equal("Calendar Café Ltd — charter renewals", parsed.Properties.Single(p => p.Name == "X-WR-CALNAME").Value?.ToString());
        var events = parsed.Events.OrderBy(e => e.DtStart!.Date).ThenBy(e => e.Categories.Single(), StringComparer.Ordinal).ThenBy(e => e.Summary, StringComparer.Ordinal).ToList();
        Assert.Equal(entries.Count, events.Count);
        Assert.Equal(events.Count, events.Select(e => e.Uid).Distinct(StringComparer.Ordinal).Count());
        Assert.All(events, e => Assert.EndsWith("@regionalgoodwork", e.Uid, StringComparison.Ordinal));
        Assert.Equal(parsed.Events.Select(e => e.Uid).Order(StringComparer.Ordinal), again.Events.Select(e => e.Uid).Order(StringComparer.Ordinal));
        Assert.NotEqual(parsed.Events.First().DtStamp!.Value, again.Events.First().DtStamp!.Value); // a new fetch, the same events
        Assert.All(parsed.Events, e => Assert.True(e.DtStamp!.IsUtc));
        foreach (var entry in entries)
        {
            var date = DateOnly.ParseExact(entry.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var match = Assert.Single(events, e => e.DtStart!.Date == date && e.Description == What(entry));
            Assert.False(match.DtStart!.HasTime);
            Assert.Equal(date.AddDays(1), match.DtEnd!.Date);
            Assert.Equal(entry.GetProperty("title").GetString(), match.Summary);
            Assert.Equal(entry.GetProperty("kind").GetString(), match.Categories.Single());
        }

        // The long non-ASCII SUMMARY and DESCRIPTION were folded in the bytes, and unfolding (dropping CRLF + space) restores them.
        var unfolded = Encoding.UTF8.GetString(first).Replace("\r\n ", "", StringComparison.Ordinal);
        var summaryLine = $"SUMMARY:Annual review: {Escaped(LongName)}\r\n";
        Assert.DoesNotContain(summaryLine, Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        Assert.Contains(summaryLine, unfolded, StringComparison.Ordinal);
        Assert.Contains(events, e => e.Summary == $"Annual review: {LongName}");
        Assert.Contains(events, e => e.Description?.Contains(LongName, StringComparison.Ordinal) == true);

        // Only today and later: on 1 December the pay-by date has passed and the share has lapsed (nothing left to renew).
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var later = await GetJsonAsync($"/api/v1/employers/{employer}/calendar");
        Assert.Equal(["2027-03-01", "2027-05-01", "2027-05-01"], later.EnumerateArray().Select(e => e.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task AnOfficer_SeesOnlyItsCharters_Dates_TheRead_IsAudited_OthersAreRefused_AndAnUnknownEmployerIs404()
    {
        var a = await CharterAsync("Officer's charter", """
            [
            {"id":"rate","title":"Pays at least £10","tier":"member","principle":"fair-pay",
             "rule":{"kind":"pay.lowest-adult-hourly-rate","op":"gte","value":10}}]
            """);
        var b = await CharterAsync("Another charter", """
            [
            {"id":"share","title":"Every adult paid it","tier":"member","principle":"fair-pay",
             "rule":{"kind":"pay.share-staff-paid-rlw","op":"gte","value":100}}]
            """);
        var employer = await EmployerAsync("Officer View Ltd");
        await OkAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{a}}"}""");
        await OkAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{b}}"}""");
        await OkAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", $$"""
            {"items":[
            {"kind":"{{Rate}}","value":12,"effectiveFrom":"2026-05-01","validUntil":"2027-01-01"},
            {"kind":"{{Share}}","value":100,"effectiveFrom":"2026-05-01","validUntil":"2027-02-01"}]}
            """);
        var officer = await app.IssueKeyAsync("charter-officer", $$"""{"charterIds":["{{a}}"]}""");
        var own = await app.IssueKeyAsync("employer", $$"""{"employerId":"{{employer}}"}""");
        var stranger = await app.IssueKeyAsync("employer", """{"employerId":"someone-else"}""");

        using var officerRead = await app.SendAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/calendar", officer);
        using var ownRead = await app.SendAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/calendar", own);
        var officerText = await officerRead.Content.ReadAsStringAsync();
        using var officerFeed = await app.SendAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/calendar.ics", officer);
        var feedText = await officerFeed.Content.ReadAsStringAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (officerRead.StatusCode, ownRead.StatusCode));
        var officerEntries = JsonDocument.Parse(officerText).RootElement.EnumerateArray().ToList();
        Assert.Equal([("2027-01-01", "evidence-expires"), ("2027-05-01", "annual-review")],
            officerEntries.Select(e => (e.GetProperty("date").GetString(), e.GetProperty("kind").GetString())));
        Assert.All(officerEntries, e => Assert.Equal(a, Charters(e)));
        Assert.DoesNotContain("Another charter", officerText, StringComparison.Ordinal);
        Assert.DoesNotContain("Another charter", feedText, StringComparison.Ordinal);
        Assert.Equal(4, JsonDocument.Parse(await ownRead.Content.ReadAsStringAsync()).RootElement.GetArrayLength());

        var reads = (await app.AuditTrailAsync($"/api/v1/employers/{employer}"))
            .Where(e => e.GetProperty("kind").GetString() == "read").Select(e => (e.GetProperty("actor").GetProperty("role").GetString(), e.GetProperty("action").GetString()))
            .ToList();
        Assert.Equal([("charter-officer", $"GET /api/v1/employers/{employer}/calendar.ics"), ("charter-officer", $"GET /api/v1/employers/{employer}/calendar")], reads);

        Assert.Equal(HttpStatusCode.Forbidden, await app.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/calendar.ics", stranger));
        Assert.Equal(HttpStatusCode.Unauthorized, await app.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/calendar.ics", null));
        Assert.Equal(HttpStatusCode.NotFound, await app.StatusAsync(HttpMethod.Get, "/api/v1/employers/never-defined/calendar.ics", PlatformApp.AdminKey));
    }

    /// <summary>Every line ends CRLF (no bare CR or LF), none is longer than 75 octets, and each line is whole UTF-8 on its own.</summary>
    private static void AssertWellFormed(byte[] ics)
    {
        Assert.True(ics.Length > 2 && ics[^2] == '\r' && ics[^1] == '\n', "the feed ends with CRLF");
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var start = 0;
        var lines = 0;
        for (var i = 0; i < ics.Length; i++)
        {
            if (ics[i] == '\n')
            {
                Assert.True(i > 0 && ics[i - 1] == '\r', $"a bare LF at byte {i}");
                var length = i - 1 - start;
                Assert.True(length <= 75, $"line {lines + 1} is {length} octets");
                _ = strict.GetString(ics, start, length); // throws if a fold split a character
                start = i + 1;
                lines++;
            }
            else if (ics[i] == '\r')
            {
                Assert.True(i + 1 < ics.Length && ics[i + 1] == '\n', $"a bare CR at byte {i}");
            }
        }

        Assert.True(lines > 10);
    }

    private static string Escaped(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace(";", @"\;", StringComparison.Ordinal).Replace(",", @"\,", StringComparison.Ordinal);

    private static string? What(JsonElement entry) => entry.GetProperty("what").GetString();

    private static string Charters(JsonElement entry) => string.Join(",", entry.GetProperty("charterIds").EnumerateArray().Select(c => c.GetString()));

    private async Task<string> CharterAsync(string name, string requirements)
    {
        var id = EmployersApp.NewId("cal");
        await OkAsync(HttpMethod.Put, $"/api/v1/charters/{id}/draft",
            $$"""{"name":{{JsonSerializer.Serialize(name)}},"owner":"E47000001","tiers":["member"],"requirements":{{requirements}}}""");
        await OkAsync(HttpMethod.Post, $"/api/v1/charters/{id}/publish", null);
        return id;
    }

    private async Task<string> EmployerAsync(string name)
    {
        var id = EmployersApp.NewId("emp");
        await OkAsync(HttpMethod.Put, $"/api/v1/employers/{id}",
            $$"""{"name":{{JsonSerializer.Serialize(name)}},"sites":[{"localAuthority":"E08000003","headcount":25}]}""");
        return id;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await app.Http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<(byte[] Body, string? ContentType)> GetIcsAsync(string path)
    {
        using var response = await app.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
        return (body, response.Content.Headers.ContentType?.ToString());
    }

    private async Task OkAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        using var response = await app.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
