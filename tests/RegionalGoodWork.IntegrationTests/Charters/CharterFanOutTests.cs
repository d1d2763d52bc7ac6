using RegionalGoodWork.Charters;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Charters;

/// <summary>
/// A charter publishing a new version moves its members to it in the background, in batches, durably: the charter records
/// the re-assessment it owes with the publish and hands it to its fan-out grain, which stores it with the cursor and is
/// woken after a restart by its one reminder; a hand-over lost in a crash is made by the charter's reminder.
/// </summary>
public sealed class CharterFanOutTests
{
    private const string DraftV1 = """
        {"name":"Fan-out charter","owner":"E47000001","tiers":["member"],"requirements":[
          {"id":"rlw","title":"RLW","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
        """;

    private const string DraftV2 = """
        {"name":"Fan-out charter v2","owner":"E47000001","tiers":["member"],"requirements":[
          {"id":"flex","title":"Flexible","tier":"member","principle":"fair-pay","rule":{"kind":"flex.flexible-from-day-one","op":"eq","value":true}}]}
        """;

    private static readonly TimeSpan AfterARestart = TimeSpan.FromMinutes(3);

    /// <summary>Reminders every 2 s instead of Orleans' 1-minute floor, so a test waits seconds for the reminder that wakes a charter.</summary>
    private static readonly Dictionary<string, string?> QuickReminders = new()
    {
        ["Orleans:MinimumReminderPeriod"] = "00:00:02",
        ["Modules:Charters:FanOutReminderPeriod"] = "00:00:02",
    };

    [Fact]
    public async Task PublishingANewVersion_WithMoreMembersThanOneBatch_MovesEveryMember_ThenClearsThePendingFanOutAndItsReminder()
    {
        await using var app = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
        {
            ["Modules:Charters:SeedDemo"] = "false",
        });
        const string charterId = "it-fanout-all";
        var employers = await CharterWithMembersAsync(app.Grains, charterId, 120);

        var published = await PublishAsync(app.Grains, charterId, DraftV2);

        Assert.Equal(2, published.Version);
        await Eventually.HoldsAsync(
            () => VersionsAsync(app.Grains, employers, charterId),
            v => v.All(x => x == 2),
            "all 120 members to be on version 2",
            TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(
            async () => (await app.Grains.GetCharterFanOut(charterId).GetFanOutAsync(), await app.Grains.GetCharterInternal(charterId).GetFanOutOwedAsync(),
                await RemindersAsync(app.Database!, charterId)),
            x => x.Item1 is null && x.Item2 is null && x.Item3 == 0,
            "the pending fan-out, the hand-over and their reminders to be gone");
        Assert.Equal(120, (await app.Grains.GetCharter(charterId).GetMembersAsync()).Count);
    }

    [Fact]
    public async Task FanOutStoppedHalfWay_AfterAPlatformRestart_MovesTheRemainingMembersWithoutAnyCall_AndRemovesItsReminder()
    {
        await using var database = await TestDatabase.CreateAsync();
        const string charterId = "it-fanout-resume";
        var settings = new Dictionary<string, string?>(QuickReminders)
        {
            ["Modules:Charters:SeedDemo"] = "false",
            ["Modules:Charters:FanOutBatchSize"] = "10",
        };
        List<string> employers;
        CharterFanOut? halted;
        IReadOnlyList<int> versionsAtHalt;
        long remindersAtHalt;
        long fanOutRemindersAtHalt;
        var first = await PlatformApp.StartOnPostgresAsync(
            new Dictionary<string, string?>(settings) { ["Modules:Charters:FanOutHaltAfterBatches"] = "3" }, database);
        try
        {
            employers = await CharterWithMembersAsync(first.Grains, charterId, 45);
            await PublishAsync(first.Grains, charterId, DraftV2);
            var cursorAfterThreeBatches = employers.Order(StringComparer.Ordinal).ElementAt(29);
            halted = await Eventually.HoldsAsync(
                () => first.Grains.GetCharterFanOut(charterId).GetFanOutAsync(),
                f => f?.Cursor == cursorAfterThreeBatches,
                "the fan-out to stop after three batches of ten");
            versionsAtHalt = await VersionsAsync(first.Grains, employers, charterId);
            await Eventually.HoldsAsync(
                () => first.Grains.GetCharterInternal(charterId).GetFanOutOwedAsync(), o => o is null, "the charter to have handed its fan-out over");
            remindersAtHalt = await RemindersAsync(database, charterId);
            fanOutRemindersAtHalt = await RemindersAsync(database, charterId, "charter-fan-out", CharterFanOutGrain.Reminder);
        }
        finally
        {
            await first.DisposeAsync(); // the database is the caller's: it stays
        }

        Assert.Equal(2, halted!.Version);
        Assert.Equal((30, 15), (versionsAtHalt.Count(v => v == 2), versionsAtHalt.Count(v => v == 1)));
        Assert.Equal((1, 1), (remindersAtHalt, fanOutRemindersAtHalt));

        // Nothing calls anything after the restart: the fan-out grain's reminder wakes it and it carries on from the stored cursor.
        await using var second = await PlatformApp.StartOnPostgresAsync(settings, database);
        await Eventually.HoldsAsync(
            () => RemindersAsync(database, charterId),
            n => n == 0,
            "the resumed fan-out to finish and remove its reminder",
            AfterARestart);

        Assert.All(await VersionsAsync(second.Grains, employers, charterId), v => Assert.Equal(2, v));
        Assert.Null(await second.Grains.GetCharterFanOut(charterId).GetFanOutAsync());
    }

    /// <summary>
    /// A silo died between the publish write and the hand-over: the charter's reminder wakes it after the restart. The
    /// same holds for a charter stored before the fan-out grain existed, whose pending fan-out sat in its own state under
    /// its old <c>members-fan-out</c> reminder (the row is renamed to stand for it).
    /// </summary>
    [Theory]
    [InlineData("it-fanout-handover", CharterGrain.HandOverReminder)]
    [InlineData("it-fanout-former", CharterGrain.FormerFanOutReminder)]
    public async Task PublishWhoseHandOverWasLost_AfterAPlatformRestart_IsHandedOverByTheCharterReminder_AndMovesEveryMemberWithoutAnyCall(
        string charterId, string charterReminder)
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>(QuickReminders) { ["Modules:Charters:SeedDemo"] = "false" };
        List<string> employers;
        CharterFanOut? owed;
        CharterFanOut? pending;
        IReadOnlyList<int> versionsAtCrash;
        long handOverReminders;
        long remindersAtCrash;
        var first = await PlatformApp.StartOnPostgresAsync(
            new Dictionary<string, string?>(settings) { ["Modules:Charters:SkipFanOutHandOver"] = "true" }, database);
        try
        {
            employers = await CharterWithMembersAsync(first.Grains, charterId, 12);
            await PublishAsync(first.Grains, charterId, DraftV2);
            owed = await first.Grains.GetCharterInternal(charterId).GetFanOutOwedAsync();
            pending = await first.Grains.GetCharterFanOut(charterId).GetFanOutAsync();
            versionsAtCrash = await VersionsAsync(first.Grains, employers, charterId);
            handOverReminders = await RemindersAsync(database, charterId, "charter", CharterGrain.HandOverReminder);
            remindersAtCrash = await RemindersAsync(database, charterId);
        }
        finally
        {
            await first.DisposeAsync(); // the database is the caller's: it stays
        }

        Assert.Equal(new CharterFanOut(2, null), owed);
        Assert.Null(pending);
        Assert.All(versionsAtCrash, v => Assert.Equal(1, v));
        Assert.Equal((1, 1), (handOverReminders, remindersAtCrash));
        await database.ExecuteAsync(
            $"UPDATE rgw_reminder SET reminder_name = '{charterReminder}' WHERE grain_id = 'charter/{charterId}' AND reminder_name = '{CharterGrain.HandOverReminder}'");

        // Nothing calls anything after the restart: the charter's reminder wakes it, it hands over, the fan-out runs.
        await using var second = await PlatformApp.StartOnPostgresAsync(settings, database);
        await Eventually.HoldsAsync(
            () => AnyRemindersAsync(database, charterId),
            n => n == 0,
            "the hand-over and the fan-out to finish and remove their reminders",
            AfterARestart + AfterARestart);

        Assert.All(await VersionsAsync(second.Grains, employers, charterId), v => Assert.Equal(2, v));
        Assert.Null(await second.Grains.GetCharterInternal(charterId).GetFanOutOwedAsync());
        Assert.Null(await second.Grains.GetCharterFanOut(charterId).GetFanOutAsync());
    }

    /// <summary>Publishes version 1 of <paramref name="charterId"/> and joins <paramref name="count"/> new employers to it.</summary>
    private static async Task<List<string>> CharterWithMembersAsync(IGrainFactory grains, string charterId, int count)
    {
        Assert.Equal(1, (await PublishAsync(grains, charterId, DraftV1)).Version);
        var employers = Enumerable.Range(0, count).Select(i => $"{charterId}-e{(i * 37) % count:000}").ToList();
        foreach (var chunk in employers.Chunk(20))
        {
            await Task.WhenAll(chunk.Select(async id =>
            {
                var defined = await grains.GetEmployer(id).DefineAsync(new DefineEmployer($"Employer {id}", null, null, [new SiteInput("E08000003", 10)]));
                Assert.True(defined.IsOk, defined.Problem?.Detail);
                var joined = await grains.GetEmployer(id).JoinAsync(charterId);
                Assert.True(joined.IsOk, joined.Problem?.Detail);
                Assert.Equal(1, joined.Value!.Membership.CharterVersion);
            }));
        }

        await Eventually.HoldsAsync(
            async () => (await grains.GetCharter(charterId).GetMembersAsync()).Count,
            n => n == count,
            $"{count} members in the charter's index");
        return employers;
    }

    private static async Task<CharterVersion> PublishAsync(IGrainFactory grains, string charterId, string draft)
    {
        var saved = await grains.GetCharter(charterId).SaveDraftAsync(draft);
        Assert.True(saved.IsOk, saved.Problem?.Detail);
        var published = await grains.GetCharter(charterId).PublishAsync();
        Assert.True(published.IsOk, published.Problem?.Detail);
        return published.Value!;
    }

    private static async Task<IReadOnlyList<int>> VersionsAsync(IGrainFactory grains, IEnumerable<string> employers, string charterId) =>
        await Task.WhenAll(employers.Select(async id =>
            (await grains.GetEmployer(id).GetMembershipsAsync()).Value!.Single(m => m.CharterId == charterId).CharterVersion));

    /// <summary>The fan-out reminders of the charter and of its fan-out grain (one query: one snapshot).</summary>
    private static Task<long> RemindersAsync(TestDatabase database, string charterId) =>
        database.ScalarAsync<long>($"SELECT count(*) FROM rgw_reminder WHERE grain_id LIKE '%{charterId}' AND reminder_name IN ('{CharterFanOutGrain.Reminder}', '{CharterGrain.HandOverReminder}')");

    private static Task<long> AnyRemindersAsync(TestDatabase database, string charterId) =>
        database.ScalarAsync<long>($"SELECT count(*) FROM rgw_reminder WHERE grain_id LIKE '%{charterId}'");

    private static Task<long> RemindersAsync(TestDatabase database, string charterId, string grainType, string reminder) =>
        database.ScalarAsync<long>($"SELECT count(*) FROM rgw_reminder WHERE grain_id = '{grainType}/{charterId}' AND reminder_name = '{reminder}'");
}
