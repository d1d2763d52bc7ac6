using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>
/// The annual uplift: a real Living Wage announced with a pay-by date ahead shows as "due by" on the memberships and
/// evidence requests of members paying the rate in force but less than the new one, and changes no tier; from the pay-by
/// date (the business clock) that pay no longer meets the requirement — the members are re-assessed by the charters'
/// fan-out, woken by the wage-rate watch's reminder, with nobody calling the API — and a new figure restores the tier.
/// Each test has its own platform (it moves the business clock) with 2-second reminders.
/// </summary>
public sealed class WageUpliftTests
{
    private const string Manchester = "E08000003";
    private const string Westminster = "E09000033";
    private const string Kind = "pay.lowest-adult-hourly-rate";

    // The 2025 announcement is in force on the test clock's first day (1 May 2026): UK £13.45, London £14.80.
    private const string Announcement =
        """{"scheme":"real-living-wage","announcedOn":"2026-04-30","payBy":"2026-06-01","rates":{"uk":14.10,"london":15.55},"source":{"note":"test uplift"}}""";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Orleans:MinimumReminderPeriod"] = "00:00:02",
        ["Modules:Charters:FanOutReminderPeriod"] = "00:00:02",
        ["Modules:Charters:SeedDemo"] = "false",
        ["Modules:Charters:MemberIndexWriteDelay"] = "00:00:00",
    };

    private static readonly DateTimeOffset PayByMidnight = new(2026, 6, 1, 0, 0, 1, TimeSpan.Zero);

    [Fact]
    public async Task Announcement_ShowsDueByWithoutChangingATier_PayByPassing_DropsTheTierWithoutACall_ANewFigureRestoresIt_LondonAtItsRate()
    {
        await using var app = await PlatformApp.StartOnPostgresAsync(Settings);
        var charter = await CharterAsync(app);
        var manchester = await EmployerAsync(app, Manchester);
        var westminster = await EmployerAsync(app, Westminster);
        await SendOkAsync(app, HttpMethod.Post, $"/api/v1/employers/{manchester}/memberships", $$"""{"charterId":"{{charter}}"}""");
        await SendOkAsync(app, HttpMethod.Post, $"/api/v1/employers/{westminster}/memberships", $$"""{"charterId":"{{charter}}"}""");
        await PayAsync(app, manchester, 13.45m, "2026-05-01");
        await PayAsync(app, westminster, 14.80m, "2026-05-01");
        var before = (await MembershipAsync(app, manchester, charter), await MembershipAsync(app, westminster, charter));

        await SendOkAsync(app, HttpMethod.Post, "/api/v1/wage-rates", Announcement);

        // Shown by the sweep the announcement starts (nobody asks the employers to re-assess).
        var dueManchester = await Eventually.HoldsAsync(() => MembershipAsync(app, manchester, charter), m => m.GetProperty("dueBy").GetArrayLength() > 0,
            "Manchester's membership to show what is due by 1 June", TimeSpan.FromSeconds(60));
        var dueWestminster = await Eventually.HoldsAsync(() => MembershipAsync(app, westminster, charter), m => m.GetProperty("dueBy").GetArrayLength() > 0,
            "Westminster's membership to show what is due by 1 June", TimeSpan.FromSeconds(60));
        var requests = await GetAsync(app, $"/api/v1/employers/{manchester}/evidence-requests");

        Assert.Equal(("member", "member", 0, 0), (Tier(before.Item1), Tier(before.Item2), before.Item1.GetProperty("dueBy").GetArrayLength(),
            before.Item2.GetProperty("dueBy").GetArrayLength()));
        Assert.Equal(("member", "member"), (Tier(dueManchester), Tier(dueWestminster)));
        Assert.Equal(("living-wage", Kind, "2026-06-01", 14.10m), Due(dueManchester.GetProperty("dueBy").EnumerateArray().Single()));
        Assert.Equal(("living-wage", Kind, "2026-06-01", 15.55m), Due(dueWestminster.GetProperty("dueBy").EnumerateArray().Single()));
        var request = requests.EnumerateArray().Single(r => r.GetProperty("kind").GetString() == Kind);
        var requestDue = request.GetProperty("dueBy").EnumerateArray().Single();
        Assert.Equal((charter, "living-wage", "2026-06-01", 14.10m), (requestDue.GetProperty("charterId").GetString(),
            requestDue.GetProperty("requirementId").GetString(), requestDue.GetProperty("date").GetString(), requestDue.GetProperty("rate").GetDecimal()));

        // The pay-by date comes on the business clock: the watch's reminder sweeps the members, no call is made.
        app.Clock.SetUtcNow(PayByMidnight);
        await Eventually.HoldsAsync(
            async () => (Tier(await MembershipAsync(app, manchester, charter)), Tier(await MembershipAsync(app, westminster, charter))),
            t => t == (null, null),
            "both tiers to drop once 1 June has come",
            TimeSpan.FromSeconds(60));
        var members = await GetAsync(app, $"/api/v1/charters/{charter}/members");
        Assert.All(members.EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("tier").ValueKind));

        // A new figure at the new rate restores it; in Westminster only at the London rate.
        await PayAsync(app, manchester, 14.10m, "2026-06-01");
        await PayAsync(app, westminster, 14.10m, "2026-06-01");
        var westminsterAtUkRate = await MembershipAsync(app, westminster, charter);
        await PayAsync(app, westminster, 15.55m, "2026-06-01");

        var manchesterAfter = await MembershipAsync(app, manchester, charter);
        Assert.Equal(("member", 0), (Tier(manchesterAfter), manchesterAfter.GetProperty("dueBy").GetArrayLength()));
        Assert.Null(Tier(westminsterAtUkRate));
        Assert.Equal("member", Tier(await MembershipAsync(app, westminster, charter)));
    }

    [Fact]
    public async Task PayByDate_ComingAfterAPlatformRestart_StillDropsTheTier_WithoutACall()
    {
        await using var database = await TestDatabase.CreateAsync();
        string charter;
        string employer;
        await using (var first = await PlatformApp.StartOnPostgresAsync(Settings, database))
        {
            charter = await CharterAsync(first);
            employer = await EmployerAsync(first, Manchester);
            await SendOkAsync(first, HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{charter}}"}""");
            await PayAsync(first, employer, 13.45m, "2026-05-01");
            await SendOkAsync(first, HttpMethod.Post, "/api/v1/wage-rates", Announcement);
            await Eventually.HoldsAsync(() => MembershipAsync(first, employer, charter), m => m.GetProperty("dueBy").GetArrayLength() > 0,
                "the membership to show what is due by 1 June", TimeSpan.FromSeconds(60));
        }

        await using var second = await PlatformApp.StartOnPostgresAsync(Settings, database);
        var afterRestart = Tier(await MembershipAsync(second, employer, charter));
        second.Clock.SetUtcNow(PayByMidnight);

        Assert.Equal("member", afterRestart);
        await Eventually.HoldsAsync(
            async () => Tier(await MembershipAsync(second, employer, charter)),
            t => t is null,
            "the tier to drop once 1 June has come, after the restart",
            TimeSpan.FromSeconds(60));
    }

    private static (string?, string?, string?, decimal) Due(JsonElement due) =>
        (due.GetProperty("requirementId").GetString(), due.GetProperty("kind").GetString(), due.GetProperty("date").GetString(), due.GetProperty("rate").GetDecimal());

    private static async Task<string> CharterAsync(PlatformApp app)
    {
        var id = EmployersApp.NewId("uplift");
        await SendOkAsync(app, HttpMethod.Put, $"/api/v1/charters/{id}/draft", """
            {"name":"Uplift charter","owner":"E47000001","tiers":["member"],"requirements":[
              {"id":"living-wage","title":"Pays the real Living Wage","tier":"member","principle":"fair-pay",
               "rule":{"kind":"pay.lowest-adult-hourly-rate","op":"gte","value":{"rate":"real-living-wage"}}}]}
            """);
        await SendOkAsync(app, HttpMethod.Post, $"/api/v1/charters/{id}/publish", null);
        return id;
    }

    private static async Task<string> EmployerAsync(PlatformApp app, string localAuthority)
    {
        var id = EmployersApp.NewId("emp");
        await SendOkAsync(app, HttpMethod.Put, $"/api/v1/employers/{id}",
            $$"""{"name":"Employer {{id}}","sites":[{"localAuthority":"{{localAuthority}}","headcount":25}]}""");
        return id;
    }

    private static Task PayAsync(PlatformApp app, string employerId, decimal rate, string effectiveFrom) =>
        SendOkAsync(app, HttpMethod.Post, $"/api/v1/employers/{employerId}/evidence",
            $$"""{"items":[{"kind":"{{Kind}}","value":{{rate.ToString(CultureInfo.InvariantCulture)}},"effectiveFrom":"{{effectiveFrom}}","validUntil":"2030-01-01"}]}""");

    private static async Task<JsonElement> MembershipAsync(PlatformApp app, string employerId, string charterId) =>
        (await GetAsync(app, $"/api/v1/employers/{employerId}/memberships")).EnumerateArray().Single(m => m.GetProperty("charterId").GetString() == charterId);

    private static async Task<JsonElement> GetAsync(PlatformApp app, string path)
    {
        using var response = await app.Http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task SendOkAsync(PlatformApp app, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        using var response = await app.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static string? Tier(JsonElement membership) =>
        membership.GetProperty("tier").ValueKind == JsonValueKind.Null ? null : membership.GetProperty("tier").GetString();
}
