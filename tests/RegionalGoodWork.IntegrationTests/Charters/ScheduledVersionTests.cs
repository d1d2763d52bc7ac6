using System.Net;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.IntegrationTests.Employers;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Charters;

/// <summary>
/// Versions on a date (issue 14 item 2): <c>POST /charters/{id}/publish {effectiveFrom, gracePeriodDays}</c> stores the
/// version at once; the members stay on the version they are on until the (business) date has come and the grace period
/// has passed — a re-assessment in between keeps them there — then the charter's fan-out moves them with nobody calling
/// (the charter's hand-over reminder wakes it). With <c>Charters.VersionGracePeriod</c> off they move on the date itself.
/// Each test has its own platform (it moves the business clock) with 2-second reminders.
/// </summary>
public sealed class ScheduledVersionTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Orleans:MinimumReminderPeriod"] = "00:00:02",
        ["Modules:Charters:FanOutReminderPeriod"] = "00:00:02",
        ["Modules:Charters:SeedDemo"] = "false",
        ["Modules:Charters:MemberIndexWriteDelay"] = "00:00:00",
    };

    // Version 1: an employee forum makes a member. Version 2: only Real Living Wage accreditation does.
    private const string Version1 = """
        {"name":"Dated charter","owner":"E47000001","tiers":["member"],"requirements":[
          {"id":"forum","title":"Has an employee forum","tier":"member","principle":"participation",
           "rule":{"kind":"voice.employee-forum","op":"present"}}]}
        """;

    private const string Version2 = """
        {"name":"Dated charter","owner":"E47000001","tiers":["member"],"requirements":[
          {"id":"rlw","title":"Accredited Real Living Wage employer","tier":"member","principle":"fair-pay",
           "rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
        """;

    [Fact]
    public async Task FutureVersion_KeepsMembersOnTheOldOne_UntilTheDateAndTheGracePeriodPass_ThenMovesThemWithoutACall()
    {
        await using var app = await PlatformApp.StartOnPostgresAsync(Settings);
        var today = Today(app);
        var (from, moveOn) = (today.AddDays(10), today.AddDays(15));
        var charter = await CharterAsync(app);
        var early = await MemberAsync(app, charter);
        await SendAsync(app, HttpMethod.Put, $"/api/v1/charters/{charter}/draft", Version2);

        var body = $$"""{"effectiveFrom":"{{from:yyyy-MM-dd}}","gracePeriodDays":5}""";
        var key = Guid.NewGuid().ToString("N");
        var published = await SendAsync(app, HttpMethod.Post, $"/api/v1/charters/{charter}/publish", body, key);
        var replayed = await SendAsync(app, HttpMethod.Post, $"/api/v1/charters/{charter}/publish", body, key);
        var overview = await GetAsync(app, $"/api/v1/charters/{charter}");
        var stored = await GetAsync(app, $"/api/v1/charters/{charter}/versions/2");
        var beforeJoiner = await MemberAsync(app, charter);
        var reassessedBefore = await ReassessAsync(app, early, charter);
        var portalPage = await app.Anonymous.GetStringAsync(new Uri($"/charters/{charter}", UriKind.Relative));
        var calendar = await GetAsync(app, $"/api/v1/employers/{early}/calendar");

        Assert.Equal((2, $"{from:yyyy-MM-dd}", 5, $"{moveOn:yyyy-MM-dd}"), (published.GetProperty("version").GetInt32(),
            published.GetProperty("effectiveFrom").GetString(), published.GetProperty("gracePeriodDays").GetInt32(), published.GetProperty("membersMoveOn").GetString()));
        Assert.Equal(published.ToString(), replayed.ToString()); // a retried publish with its key answers as the first time
        Assert.Equal((2, $"{from:yyyy-MM-dd}", 1, 1), (overview.GetProperty("version").GetInt32(), overview.GetProperty("effectiveFrom").GetString(),
            overview.GetProperty("versionInForce").GetInt32(), overview.GetProperty("membersVersion").GetInt32()));
        Assert.Equal("rlw", stored.GetProperty("requirements")[0].GetProperty("id").GetString());
        var fromText = from.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var moveText = moveOn.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"Version 2 applies from {fromText}; members move to it on {moveText}.", portalPage);
        Assert.Contains("The requirements below are those of version 1, in force today.", portalPage); // not the scheduled version's
        Assert.Equal((1, "member"), (reassessedBefore.CharterVersion, reassessedBefore.Tier));
        Assert.Equal((1, "member"), await MembershipAsync(app, beforeJoiner, charter));
        // The member's renewal calendar names the day it moves (the date plus the grace period), not the date itself.
        var move = calendar.EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "version-moves");
        Assert.Equal(($"{moveOn:yyyy-MM-dd}", charter), (move.GetProperty("date").GetString(), move.GetProperty("charterIds")[0].GetString()));
        Assert.Contains("from version 1 to version 2", move.GetProperty("what").GetString(), StringComparison.Ordinal);

        // The date comes: joiners join version 2, the members keep version 1 for the grace period, re-assessed or not.
        app.Clock.SetUtcNow(Midnight(from));
        var inGrace = await MemberAsync(app, charter);
        var reassessedInGrace = await ReassessAsync(app, early, charter);
        await Task.Delay(TimeSpan.FromSeconds(5)); // two reminder periods: nothing moves them yet
        var graceOverview = await GetAsync(app, $"/api/v1/charters/{charter}");

        Assert.Equal((1, "member"), (reassessedInGrace.CharterVersion, reassessedInGrace.Tier));
        Assert.Equal((1, "member"), await MembershipAsync(app, early, charter));
        Assert.Equal((1, "member"), await MembershipAsync(app, beforeJoiner, charter));
        Assert.Equal((2, null), await MembershipAsync(app, inGrace, charter));
        Assert.False(graceOverview.TryGetProperty("versionInForce", out _));
        Assert.Equal(1, graceOverview.GetProperty("membersVersion").GetInt32());

        // The grace period ends: the fan-out moves every member, nobody calling.
        app.Clock.SetUtcNow(Midnight(moveOn));
        foreach (var member in new[] { early, beforeJoiner })
        {
            await Eventually.HoldsAsync(() => MembershipAsync(app, member, charter), m => m == (2, null),
                $"{member} to be moved to version 2 once the grace period has passed", TimeSpan.FromSeconds(60));
        }

        Assert.False((await GetAsync(app, $"/api/v1/charters/{charter}")).TryGetProperty("membersVersion", out _));
        Assert.DoesNotContain((await GetAsync(app, $"/api/v1/employers/{early}/calendar")).EnumerateArray(),
            e => e.GetProperty("kind").GetString() == "version-moves");
    }

    [Fact]
    public async Task WithTheGraceFlagOff_TheGraceIsNotKept_AndMembersMoveOnTheDate()
    {
        await using var app = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>(Settings)
        {
            ["FeatureManagement:Charters.VersionGracePeriod"] = "false",
        });
        var from = Today(app).AddDays(3);
        var charter = await CharterAsync(app);
        var member = await MemberAsync(app, charter);
        await SendAsync(app, HttpMethod.Put, $"/api/v1/charters/{charter}/draft", Version2);

        var published = await SendAsync(app, HttpMethod.Post, $"/api/v1/charters/{charter}/publish",
            $$"""{"effectiveFrom":"{{from:yyyy-MM-dd}}","gracePeriodDays":30}""");
        var before = await ReassessAsync(app, member, charter);
        app.Clock.SetUtcNow(Midnight(from));

        Assert.Equal((0, $"{from:yyyy-MM-dd}"), (published.GetProperty("gracePeriodDays").GetInt32(), published.GetProperty("membersMoveOn").GetString()));
        Assert.Equal(1, before.CharterVersion);
        await Eventually.HoldsAsync(() => MembershipAsync(app, member, charter), m => m == (2, null),
            "the member to be moved to version 2 on its date", TimeSpan.FromSeconds(60));
    }

    [Theory]
    [InlineData("past")]
    [InlineData("\"2026-13-01\"")]
    [InlineData("20260901")]
    public async Task PublishWithAPastOrMalformedDate_Is400_AndPublishesNothing(string effectiveFrom)
    {
        await using var app = await PlatformApp.StartOnPostgresAsync(Settings);
        var charter = await CharterAsync(app);
        await SendAsync(app, HttpMethod.Put, $"/api/v1/charters/{charter}/draft", Version2);
        var value = effectiveFrom == "past" ? $"\"{Today(app).AddDays(-1):yyyy-MM-dd}\"" : effectiveFrom;

        using var response = await SendRawAsync(app, HttpMethod.Post, $"/api/v1/charters/{charter}/publish", $$"""{"effectiveFrom":{{value}}}""");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty("effectiveFrom", out _), problem.ToString());
        Assert.Equal([1], (await GetAsync(app, $"/api/v1/charters/{charter}")).GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await SendRawAsync(app, HttpMethod.Get, $"/api/v1/charters/{charter}/versions/2", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendRawAsync(app, HttpMethod.Get, $"/api/v1/charters/{charter}/draft", null)).StatusCode);
    }

    [Fact]
    public async Task ScheduledMove_AfterAPlatformRestart_StillHappensOnItsDate()
    {
        await using var database = await TestDatabase.CreateAsync();
        string charter;
        string member;
        DateOnly from;
        await using (var first = await PlatformApp.StartOnPostgresAsync(Settings, database))
        {
            from = Today(first).AddDays(7);
            charter = await CharterAsync(first);
            member = await MemberAsync(first, charter);
            await SendAsync(first, HttpMethod.Put, $"/api/v1/charters/{charter}/draft", Version2);
            await SendAsync(first, HttpMethod.Post, $"/api/v1/charters/{charter}/publish", $$"""{"effectiveFrom":"{{from:yyyy-MM-dd}}"}""");
        }

        await using var second = await PlatformApp.StartOnPostgresAsync(Settings, database);
        var afterRestart = await MembershipAsync(second, member, charter);
        second.Clock.SetUtcNow(Midnight(from));

        Assert.Equal((1, "member"), afterRestart);
        await Eventually.HoldsAsync(() => MembershipAsync(second, member, charter), m => m == (2, null),
            "the member to be moved to version 2 on its date, after the restart", TimeSpan.FromSeconds(60));
    }

    private static DateOnly Today(PlatformApp app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(new TimeOnly(0, 0, 1)), TimeSpan.Zero);

    private static async Task<string> CharterAsync(PlatformApp app)
    {
        var id = EmployersApp.NewId("dated");
        await SendAsync(app, HttpMethod.Put, $"/api/v1/charters/{id}/draft", Version1);
        await SendAsync(app, HttpMethod.Post, $"/api/v1/charters/{id}/publish", null);
        return id;
    }

    /// <summary>A new employer with an employee forum (a member under version 1, not under version 2) that joins the charter.</summary>
    private static async Task<string> MemberAsync(PlatformApp app, string charterId)
    {
        var id = EmployersApp.NewId("emp");
        await SendAsync(app, HttpMethod.Put, $"/api/v1/employers/{id}",
            $$"""{"name":"Employer {{id}}","sites":[{"localAuthority":"E08000003","headcount":25}]}""");
        await SendAsync(app, HttpMethod.Post, $"/api/v1/employers/{id}/evidence", """{"items":[{"kind":"voice.employee-forum","value":true}]}""");
        await SendAsync(app, HttpMethod.Post, $"/api/v1/employers/{id}/memberships", $$"""{"charterId":"{{charterId}}"}""");
        return id;
    }

    private static async Task<MembershipView> ReassessAsync(PlatformApp app, string employerId, string charterId)
    {
        var moved = await app.Grains.GetEmployer(employerId).ReassessAsync();
        Assert.True(moved.IsOk, moved.Problem?.Detail);
        return (await app.Grains.GetEmployer(employerId).GetMembershipsAsync()).Value!.Single(m => m.CharterId == charterId);
    }

    private static async Task<(int Version, string? Tier)> MembershipAsync(PlatformApp app, string employerId, string charterId)
    {
        var membership = (await GetAsync(app, $"/api/v1/employers/{employerId}/memberships")).EnumerateArray()
            .Single(m => m.GetProperty("charterId").GetString() == charterId);
        var tier = membership.GetProperty("tier");
        return (membership.GetProperty("charterVersion").GetInt32(), tier.ValueKind == JsonValueKind.Null ? null : tier.GetString());
    }

    private static async Task<JsonElement> GetAsync(PlatformApp app, string path)
    {
        using var response = await SendRawAsync(app, HttpMethod.Get, path, null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> SendAsync(PlatformApp app, HttpMethod method, string path, string? json, string? idempotencyKey = null)
    {
        using var response = await SendRawAsync(app, method, path, json, idempotencyKey);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<HttpResponseMessage> SendRawAsync(PlatformApp app, HttpMethod method, string path, string? json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await app.Http.SendAsync(request);
    }
}
