using Npgsql;
using RegionalGoodWork.Charters;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.SharedKernel;
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

    /// <summary>
    /// Two members' storage rows refuse every write (a trigger raises, as a storage fault would), so their re-assessment
    /// fails: they stay pending and are retried at every reminder tick while the others move; once their rows take writes
    /// again they move too, and only then is the fan-out done. A member whose employer does not exist is dropped, not retried.
    /// </summary>
    [Fact]
    public async Task MemberWhoseReassessmentFails_StaysPendingAndIsRetried_UntilItsStorageTakesWritesAgain_AndOnlyThenIsTheFanOutDone()
    {
        await using var app = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>(QuickReminders)
        {
            ["Modules:Charters:SeedDemo"] = "false",
            ["Modules:Charters:FanOutBatchSize"] = "5",
        });
        const string charterId = "it-fanout-retry";
        var database = app.Database!;
        var employers = await CharterWithMembersAsync(app.Grains, charterId, 12);
        var failing = new[] { employers.Order(StringComparer.Ordinal).ElementAt(1), employers.Order(StringComparer.Ordinal).ElementAt(7) };
        var others = employers.Except(failing).ToList();
        Assert.Equal(ViewChange.Applied, (await app.Grains.GetCharter(charterId).UpdateMemberAsync($"{charterId}-ghost", null, DateTimeOffset.UnixEpoch, 1, 1)).Change);
        await database.ExecuteAsync($"""
            CREATE FUNCTION it_refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'storage refuses the write (test)'; END $$;
            CREATE TRIGGER it_refuse_write BEFORE UPDATE ON rgw_grain_state FOR EACH ROW
                WHEN (OLD.grain_key IN ('{failing[0]}', '{failing[1]}')) EXECUTE FUNCTION it_refuse_write();
            """);

        await PublishAsync(app.Grains, charterId, DraftV2);

        await Eventually.HoldsAsync(
            () => VersionsAsync(app.Grains, others, charterId), v => v.All(x => x == 2), "the ten members whose storage works to be on version 2");
        await Task.Delay(TimeSpan.FromSeconds(7)); // three reminder ticks: three more passes over the two
        var pendingWhileFailing = await app.Grains.GetCharterFanOut(charterId).GetFanOutAsync();
        var failingVersions = await VersionsAsync(app.Grains, failing, charterId);
        var remindersWhileFailing = await RemindersAsync(database, charterId);

        await database.ExecuteAsync("DROP TRIGGER it_refuse_write ON rgw_grain_state; DROP FUNCTION it_refuse_write();");

        Assert.Equal(2, pendingWhileFailing?.Version);
        Assert.Equal([1, 1], failingVersions);
        Assert.Equal(1, remindersWhileFailing);
        await Eventually.HoldsAsync(
            () => VersionsAsync(app.Grains, failing, charterId), v => v.All(x => x == 2), "the two members to be on version 2 once their storage takes writes", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(
            async () => (await app.Grains.GetCharterFanOut(charterId).GetFanOutAsync(), await RemindersAsync(database, charterId)),
            x => x.Item1 is null && x.Item2 == 0,
            "the fan-out to be done and its reminder gone");
        Assert.All(await VersionsAsync(app.Grains, employers, charterId), v => Assert.Equal(2, v));
    }

    /// <summary>
    /// Employers join while version 2 is published: their joins read version 1, then their writes wait (their rows are
    /// locked) until the fan-out of version 2 has passed the members and finished, so they reach the member index on
    /// version 1 after it. More joins run at the very moment of the publish. Every member ends on version 2.
    /// </summary>
    [Fact]
    public async Task JoinsRacingAPublish_ThatReachTheMemberIndexOnTheOldVersionAfterTheFanOut_EndOnTheNewVersion()
    {
        await using var app = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>(QuickReminders)
        {
            ["Modules:Charters:SeedDemo"] = "false",
            ["Modules:Charters:FanOutBatchSize"] = "4",
        });
        const string charterId = "it-fanout-race";
        var database = app.Database!;
        var members = await CharterWithMembersAsync(app.Grains, charterId, 6);
        var held = Enumerable.Range(0, 8).Select(i => $"{charterId}-held{i}").ToList();
        var racing = Enumerable.Range(0, 24).Select(i => $"{charterId}-race{i:00}").ToList();
        await Task.WhenAll(held.Concat(racing).Select(id => DefineAsync(app.Grains, id)));

        IReadOnlyList<MembershipJoined> heldJoins;
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var lockRows = new NpgsqlCommand(
                $"SELECT 1 FROM rgw_grain_state WHERE grain_key IN ({string.Join(", ", held.Select(id => $"'{id}'"))}) FOR UPDATE", connection, transaction))
            {
                Assert.Equal(8, await CountAsync(lockRows));
            }

            var joining = held.Select(id => JoinAsync(app.Grains, id, charterId)).ToList();
            await Eventually.HoldsAsync(
                () => database.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"),
                n => n == 8,
                "the eight joins to have read version 1 and to wait for their rows");

            var publishing = PublishAsync(app.Grains, charterId, DraftV2);
            var raced = await Task.WhenAll(racing.Select(id => JoinAsync(app.Grains, id, charterId)));
            await publishing;
            await Eventually.HoldsAsync(
                () => VersionsAsync(app.Grains, members, charterId), v => v.All(x => x == 2), "the members the fan-out found to be on version 2");
            await Eventually.HoldsAsync(
                () => app.Grains.GetCharterFanOut(charterId).GetFanOutAsync(), f => f is null, "the fan-out of version 2 to be done");

            await transaction.RollbackAsync();
            heldJoins = await Task.WhenAll(joining);
            Assert.All(raced, j => Assert.InRange(j.Membership.CharterVersion, 1, 2));
        }

        Assert.All(heldJoins, j => Assert.Equal(1, j.Membership.CharterVersion)); // the race happened: joined on version 1
        await Eventually.HoldsAsync(
            () => VersionsAsync(app.Grains, members.Concat(held).Concat(racing), charterId),
            v => v.All(x => x == 2),
            "every member, the racing joins too, to be on version 2",
            TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(
            async () => (await app.Grains.GetCharterFanOut(charterId).GetFanOutAsync(), await RemindersAsync(database, charterId)),
            x => x.Item1 is null && x.Item2 == 0,
            "the catch-up to be done and its reminder gone");
    }

    /// <summary>
    /// The charter is restored from a backup taken before version 2 (its storage rows written back, the platform
    /// restarted), so it answers version 1 as its latest while its members are on version 2. A re-assessment (what the
    /// expiry reminder and the fan-out call) must not move them back.
    /// </summary>
    [Fact]
    public async Task ReassessmentAnsweredAnOlderVersion_ByACharterRestoredFromAnOlderBackup_DoesNotMoveAMemberBack()
    {
        await using var database = await TestDatabase.CreateAsync();
        const string charterId = "it-fanout-restored";
        var settings = new Dictionary<string, string?>
        {
            ["Modules:Charters:SeedDemo"] = "false",
            ["Modules:Charters:MemberIndexWriteDelay"] = "00:00:00",
        };
        List<string> employers;
        var first = await PlatformApp.StartOnPostgresAsync(settings, database);
        try
        {
            employers = await CharterWithMembersAsync(first.Grains, charterId, 3);
            await Eventually.HoldsAsync(
                () => database.ScalarAsync<long>($"SELECT count(*) FROM rgw_grain_state WHERE grain_key = '{charterId}'"), n => n == 2, "the charter and its member index to be stored");
            await database.ExecuteAsync($"CREATE TABLE it_backup AS SELECT * FROM rgw_grain_state WHERE grain_key = '{charterId}'");
            await PublishAsync(first.Grains, charterId, DraftV2);
            await Eventually.HoldsAsync(
                () => VersionsAsync(first.Grains, employers, charterId), v => v.All(x => x == 2), "the members to be on version 2");
            await Eventually.HoldsAsync(
                () => first.Grains.GetCharterFanOut(charterId).GetFanOutAsync(), f => f is null, "the fan-out to be done");
        }
        finally
        {
            await first.DisposeAsync(); // the database is the caller's: it stays
        }

        await database.ExecuteAsync($"""
            DELETE FROM rgw_grain_state g WHERE g.grain_key = '{charterId}'
                AND NOT EXISTS (SELECT 1 FROM it_backup b WHERE b.grain_type = g.grain_type);
            UPDATE rgw_grain_state g SET payload = b.payload, version = g.version + 1
                FROM it_backup b WHERE g.grain_key = '{charterId}' AND b.grain_type = g.grain_type;
            """);
        await using var second = await PlatformApp.StartOnPostgresAsync(settings, database);
        Assert.Equal(1, await second.Grains.GetCharter(charterId).GetLatestVersionNumberAsync());

        foreach (var id in employers)
        {
            Assert.True((await second.Grains.GetEmployer(id).ReassessAsync()).IsOk);
            Assert.True((await second.Grains.GetEmployer(id).ReassessAsync(charterId)).IsOk);
        }

        Assert.All(await VersionsAsync(second.Grains, employers, charterId), v => Assert.Equal(2, v));
    }

    private static async Task<int> CountAsync(NpgsqlCommand command)
    {
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows++;
        }

        return rows;
    }

    private static async Task<MembershipJoined> JoinAsync(IGrainFactory grains, string employerId, string charterId)
    {
        var joined = await grains.GetEmployer(employerId).JoinAsync(charterId);
        Assert.True(joined.IsOk, joined.Problem?.Detail);
        return joined.Value!;
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

    private static async Task DefineAsync(IGrainFactory grains, string employerId)
    {
        var defined = await grains.GetEmployer(employerId).DefineAsync(new DefineEmployer($"Employer {employerId}", null, null, [new SiteInput("E08000003", 10)]));
        Assert.True(defined.IsOk, defined.Problem?.Detail);
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
