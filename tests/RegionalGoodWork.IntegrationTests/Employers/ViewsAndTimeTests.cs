using Orleans.Runtime;
using System.Net;
using System.Text.Json;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;
using static RegionalGoodWork.IntegrationTests.Employers.EmployersApp;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>
/// What happens without an evidence submission: expiry (time moved with the fake clock, never slept), a charter
/// publishing a new version, and the council indicators the employer's contributions feed. These tests move the
/// clock forward, so they have their own platform.
/// </summary>
[Collection(Collections.EmployersTime)]
public sealed class ViewsAndTimeTests(EmployersApp app)
{
    private DateTimeOffset Now => app.Platform.Clock.GetUtcNow();

    private DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    [Fact]
    public async Task Expiry_LowersTheTierOnTheDayTheItemStops_AndTheReminderMovesToTheNextExpiry()
    {
        var charter = await app.CharterAsync(["supporter", "member"], [("flex", "supporter", Rules.FlexibleFromDayOne), ("rlw", "member", Rules.RlwAccredited)]);
        var employer = await app.EmployerAsync(localAuthority: "E08000007");
        await app.JoinAsync(employer, charter);
        var until = Today.AddDays(10);
        var flexUntil = Today.AddMonths(24);
        JsonElement submitted = default;
        var armed = await ArmedAsync(employer, Midnight(until), async () => (_, submitted) = await app.SubmitAsync(employer,
            $$"""[{"kind":"pay.rlw-accredited","value":true,"validUntil":"{{until:yyyy-MM-dd}}"},{"kind":"flex.flexible-from-day-one","value":true}]"""));
        Assert.Equal("member", Str(submitted.GetProperty("memberships")[0], "tierAfter"));

        app.Platform.Clock.SetUtcNow(Midnight(until).AddSeconds(-1));
        var rearmed = await ArmedAsync(employer, Midnight(until), () => ReminderTickAsync(employer));
        var lastSecond = Tier(await app.MembershipAsync(employer, charter));
        app.Platform.Clock.Advance(TimeSpan.FromSeconds(1));
        var moved = await ArmedAsync(employer, Midnight(flexUntil), () => ReminderTickAsync(employer));

        Assert.True(armed.Held, armed.Detail);
        Assert.Equal("member", lastSecond);
        Assert.True(rearmed.Held, rearmed.Detail);
        Assert.True(moved.Held, moved.Detail);
        var membership = await app.MembershipAsync(employer, charter);
        Assert.Equal(("supporter", "member"), (Tier(membership), membership.GetProperty("nextTier").GetString()));
        Assert.Contains("rlw", membership.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("supporter", (await MemberAsync(charter, employer)).GetProperty("tier").GetString());
    }

    [Fact]
    public async Task Reminder_IsOnePerEmployer_AtTheEarliestExpiry_AndGoneWhenNothingIsAhead()
    {
        var employer = await app.EmployerAsync(localAuthority: "E08000007");
        var soon = Today.AddDays(3);

        await app.SubmitAsync(employer, """[{"kind":"pay.rlw-accredited","value":true},{"kind":"flex.flexible-from-day-one","value":true}]""");
        var due = await ArmedAsync(employer, Midnight(soon), () =>
            app.SubmitAsync(employer, $$"""[{"kind":"voice.employee-forum","value":true,"validUntil":"{{soon:yyyy-MM-dd}}"}]"""));
        var rows = await app.Platform.Database!.ScalarAsync<long>($"SELECT count(*) FROM rgw_reminder WHERE grain_id LIKE '%{employer}'");
        app.Platform.Clock.Advance(TimeSpan.FromDays(800));
        await ReassessAsync(employer);

        Assert.Equal(1, rows);
        Assert.True(due.Held, due.Detail);
        await Eventually.HoldsAsync(
            () => app.Platform.Database.ScalarAsync<long>($"SELECT count(*) FROM rgw_reminder WHERE grain_id LIKE '%{employer}'"),
            n => n == 0,
            "no reminder once nothing is ahead and the views stored the change");
        Assert.Empty((await app.GetAsync($"/api/v1/employers/{employer}/evidence")).EnumerateArray());
        Assert.Equal(3, (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).GetArrayLength());
    }

    [Fact]
    public async Task ExpiryReminder_LostBetweenTheStateWriteAndItsRegistration_IsRegisteredAgainOnActivation()
    {
        var employer = await app.EmployerAsync(localAuthority: "E08000007");
        await app.SubmitAsync(employer, $$"""[{"kind":"voice.employee-forum","value":true,"validUntil":"{{Today.AddDays(5):yyyy-MM-dd}}"}]""");
        var reminders = $"SELECT count(*) FROM rgw_reminder WHERE grain_id LIKE '%{employer}' AND reminder_name = 'evidence-expiry'";
        Assert.Equal(1, await app.Platform.Database!.ScalarAsync<long>(reminders));

        // As a silo dying after the state write and before the reminder write would leave it: a due day, no row.
        await app.Platform.Database.ExecuteAsync($"DELETE FROM rgw_reminder WHERE grain_id LIKE '%{employer}'");
        await app.Platform.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await app.GetAsync($"/api/v1/employers/{employer}");

        Assert.Equal(1, await app.Platform.Database.ScalarAsync<long>(reminders));
    }

    [Fact]
    public async Task PublishingANewVersion_ReassessesItsMembersAgainstIt()
    {
        var charter = await app.CharterAsync(["member"], [("rlw", "member", Rules.RlwAccredited)]);
        var other = await app.CharterAsync(["member"], [("rlw", "member", Rules.RlwAccredited)]);
        var employers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var employer = await app.EmployerAsync(localAuthority: "E08000008");
            await app.JoinAsync(employer, charter, other);
            await app.SubmitAsync(employer, """[{"kind":"pay.rlw-accredited","value":true}]""");
            employers.Add(employer);
        }

        await app.PutDraftAsync(charter, ["member"], [("rlw", "member", Rules.RlwAccredited), ("sick-pay", "member", Rules.SickPayFromDayOne)]);
        await app.PublishAsync(charter);

        foreach (var employer in employers)
        {
            var membership = await Eventually.HoldsAsync(
                () => app.MembershipAsync(employer, charter),
                m => m.GetProperty("charterVersion").GetInt32() == 2,
                $"{employer} to be re-assessed against version 2 of {charter}");
            Assert.Null(Tier(membership));
            Assert.Equal(["sick-pay"], membership.GetProperty("missing").EnumerateArray().Select(m => m.GetString()));
            Assert.Equal("member", Tier(await app.MembershipAsync(employer, other)));
            await Eventually.HoldsAsync(() => MemberAsync(charter, employer), m => m.GetProperty("tier").ValueKind == JsonValueKind.Null,
                $"the member index of {charter} to show {employer} without a tier");
        }
    }

    [Fact]
    public async Task Contributions_ReachTheLocalAuthorityIndicators_AndLeaveALocalAuthorityTheEmployerLeaves()
    {
        var charter = await app.CharterAsync(["member"], [("rlw", "member", Rules.RlwEither)]);
        var employer = NewId("emp");
        var put = await app.SendAsync(HttpMethod.Put, $"/api/v1/employers/{employer}",
            """{"name":"Wigan and Leigh Ltd","sites":[{"localAuthority":"E08000010","headcount":40},{"localAuthority":"E08000009","headcount":10}]}""");
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        await app.JoinAsync(employer, charter);
        var members = $"members.{charter}.member"; // this test's own charter: no other employer counts in it
        var wiganBeforeTier = await IndicatorsAsync("E08000010");

        await app.SubmitAsync(employer, """[{"kind":"pay.share-staff-paid-rlw","value":100},{"kind":"flex.flexible-from-day-one","value":true}]""");
        var wigan = await IndicatorsAsync("E08000010");
        var traffordBefore = await IndicatorsAsync("E08000009");
        await app.SendAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", """{"name":"Wigan Ltd","sites":[{"localAuthority":"E08000010","headcount":45}]}""");
        var trafford = await IndicatorsAsync("E08000009");
        var wiganAfter = await IndicatorsAsync("E08000010");

        Assert.Null(wiganBeforeTier.GetValueOrDefault(members)); // joined, tier not yet held
        Assert.Equal((1m, 40m, 100m, 100m),
            (wigan["charter-employers"], wigan["employees-covered"], wigan["share-employees-at-rlw-employers"], wigan["share-employees-flexible-from-day-one"]));
        Assert.Equal((1m, 1m), (wigan[members], traffordBefore[members])); // the tier move reaches both councils
        Assert.Null(trafford.GetValueOrDefault(members)); // and leaves the council the employer left
        Assert.NotEqual(1m, trafford.GetValueOrDefault("charter-employers"));
        Assert.Equal((45m, 1m), (wiganAfter["employees-covered"], wiganAfter[members]));
    }

    /// <summary>Delivers a tick of the employer's expiry reminder, exactly as the reminder service does.</summary>
    private Task ReminderTickAsync(string employerId) =>
        app.Platform.Grains.GetEmployer(employerId).AsReference<IRemindable>()
            .ReceiveReminder("evidence-expiry", new TickStatus(Now.UtcDateTime, TimeSpan.FromDays(1), Now.UtcDateTime));

    private async Task<TierMove> ReassessAsync(string employerId)
    {
        var moves = await app.Platform.Grains.GetEmployer(employerId).ReassessAsync();
        Assert.True(moves.IsOk, moves.Problem?.Detail);
        return moves.Value!.SingleOrDefault() ?? new TierMove("-", null, null);
    }

    /// <summary>
    /// Runs <paramref name="action"/> and checks that it left the employer's expiry reminder row due at
    /// <paramref name="due"/> on the business clock. Orleans schedules reminders on the runtime's real clock: the grain
    /// asks for a wait of (due − business now), so the row's start is real registration time + that wait, bounded by
    /// the real time just before and after the action. (Its ticks run on real timers too, which is why the tests deliver
    /// the tick themselves after moving the business clock.) A change first puts the reminder in wake mode until its views
    /// have stored it (a 200 ms ask here): the check waits for the reminder to be back on its day.
    /// </summary>
    private async Task<(bool Held, string Detail)> ArmedAsync(string employerId, DateTimeOffset due, Func<Task> action)
    {
        var wait = due - Now;
        var before = DateTimeOffset.UtcNow;
        await action();
        await Eventually.HoldsAsync(
            () => app.Platform.Database!.ScalarAsync<long>(
                $"SELECT count(*) FROM rgw_reminder WHERE grain_id LIKE '%{employerId}' AND reminder_name = 'evidence-expiry' AND period_ms = {(long)TimeSpan.FromDays(1).TotalMilliseconds}"),
            n => n == 1,
            "the reminder back on its day once the views stored the change");
        var after = DateTimeOffset.UtcNow;
        var start = await app.Platform.Database!.ScalarAsync<DateTime>(
            $"SELECT start_time FROM rgw_reminder WHERE grain_id LIKE '%{employerId}' AND reminder_name = 'evidence-expiry'");
        var at = new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc));
        var slack = TimeSpan.FromMilliseconds(1); // timestamptz keeps microseconds
        return (at >= before + wait - slack && at <= after + wait + slack,
            $"reminder starts {at:O}; expected between {before + wait:O} and {after + wait:O} (due {due:O} on the business clock)");
    }

    private async Task<JsonElement> MemberAsync(string charterId, string employerId) =>
        (await app.GetAsync($"/api/v1/charters/{charterId}/members")).EnumerateArray().Single(m => m.GetProperty("employerId").GetString() == employerId);

    private async Task<Dictionary<string, decimal?>> IndicatorsAsync(string localAuthority) =>
        (await app.GetAsync($"/api/v1/local-authorities/{localAuthority}/indicators?year={Today.Year}"))
        .GetProperty("indicators").EnumerateArray()
        .ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("value").ValueKind == JsonValueKind.Number ? i.GetProperty("value").GetDecimal() : (decimal?)null);

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
}
