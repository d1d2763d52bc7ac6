using System.Net;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Outages;

/// <summary>
/// The platform killed with SIGKILL (kill -9) while its views (a charter's member index, a council's figures, the
/// region's roll-up) hold acknowledged changes only in memory, inside their write-behind window. Nothing calls the
/// employers afterwards: their reminders wake them, they tell the views again, and the views end whole and stored.
/// </summary>
public sealed class CrashTests
{
    private const string Charter = "gm-gec";
    private const string Wigan = "E08000010";
    private const string GreaterManchester = "E47000001";
    private static readonly long WakePeriodMs = 2000;

    /// <summary>Views write behind for ten minutes: a crash certainly falls inside the window. Reminders every 2 s.</summary>
    private static Dictionary<string, string?> Settings(string viewsWriteBehind, string wakePeriod) => new()
    {
        ["Orleans:MinimumReminderPeriod"] = "00:00:02",
        ["Modules:Charters:FanOutReminderPeriod"] = "00:00:02",
        ["Modules:Places:FlushInterval"] = viewsWriteBehind,
        ["Modules:Charters:MemberIndexWriteDelay"] = viewsWriteBehind,
        ["Modules:Employers:ViewRetryDelay"] = "00:00:01",
        ["Modules:Employers:ViewWakePeriod"] = wakePeriod,
        ["Indicators:MinimumEmployers"] = "1",
    };

    [Fact]
    public async Task KilledInsideTheViewsWriteBehindWindow_AfterARestart_EveryAcknowledgedChangeIsInEveryView_AndStored()
    {
        await using var database = await TestDatabase.CreateAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var employers = Enumerable.Range(1, 3).Select(i => $"crash-{suffix}-{i}").ToList();

        // 1. Three employers join and report evidence; every answer is 2xx; the views show them (in memory).
        var first = await PlatformProcess.StartAsync(database, Settings("00:10:00", "00:00:02"));
        try
        {
            foreach (var employer in employers)
            {
                await SendAsync(first, HttpMethod.Put, $"/api/v1/employers/{employer}",
                    $$"""{"name":"Crash {{employer}}","sites":[{"localAuthority":"{{Wigan}}","headcount":25}]}""");
                await SendAsync(first, HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{Charter}}"}""");
                await SendAsync(first, HttpMethod.Post, $"/api/v1/employers/{employer}/evidence",
                    """{"items":[{"kind":"pay.rlw-accredited","value":true}]}""");
            }

            Assert.Equal(3, await MembersAsync(first, employers));
            Assert.Equal((3, 3), await CountedAsync(first));
        }
        finally
        {
            await first.KillAsync(); // SIGKILL: no deactivation, no flush
        }

        // 2. Restart; nothing touches the employers. Their reminders wake them and they tell the views again.
        var second = await PlatformProcess.StartAsync(database, Settings("00:00:01", "00:00:02"), restartOf: first);
        try
        {
            await Eventually.HoldsAsync(() => MembersAsync(second, employers), n => n == 3,
                "the three members back in the charter's index, with no call to the employers", TimeSpan.FromSeconds(90));
            await Eventually.HoldsAsync(() => CountedAsync(second), n => n == (3, 3),
                "Wigan's figures (council and region) counting the three employers again", TimeSpan.FromSeconds(60));

            // Settled: each employer's reminder leaves wake mode once every view says the change is stored.
            await Eventually.HoldsAsync(
                () => database.ScalarAsync<long>(
                    $"SELECT count(*) FROM rgw_reminder WHERE grain_id LIKE '%crash-{suffix}-%' AND period_ms = {WakePeriodMs}"),
                n => n == 0,
                "every employer's views to have stored its change", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await second.KillAsync();
        }

        // 3. Killed again, restarted with views that would wait ten minutes and employers that would not wake for ten:
        //    what the views show now comes from storage alone.
        await using var third = await PlatformProcess.StartAsync(database, Settings("00:10:00", "00:10:00"), restartOf: second);
        Assert.Equal(3, await MembersAsync(third, employers));
        Assert.Equal((3, 3), await CountedAsync(third));
    }

    private static async Task SendAsync(PlatformProcess platform, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await platform.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{platform.Tail}");
    }

    private static async Task<JsonElement> GetAsync(PlatformProcess platform, string path)
    {
        using var response = await platform.Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\n{platform.Tail}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<int> MembersAsync(PlatformProcess platform, IReadOnlyList<string> employers) =>
        (await GetAsync(platform, $"/api/v1/charters/{Charter}/members")).EnumerateArray()
            .Count(m => employers.Contains(m.GetProperty("employerId").GetString()));

    /// <summary>How many employers Wigan's employees-covered figure rests on, as the council and as the region show it.</summary>
    private static async Task<(int Council, int Region)> CountedAsync(PlatformProcess platform)
    {
        var year = DateTime.UtcNow.Year;
        var council = await GetAsync(platform, $"/api/v1/local-authorities/{Wigan}/indicators?year={year}");
        var region = await GetAsync(platform, $"/api/v1/regions/{GreaterManchester}/indicators?year={year}");
        var wiganInRegion = region.GetProperty("byLocalAuthority").EnumerateArray().Single(s => s.GetProperty("area").GetString() == Wigan);
        return (Basis(council), Basis(wiganInRegion));

        static int Basis(JsonElement set) =>
            set.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "employees-covered")
                .GetProperty("basis").GetProperty("employers").GetInt32();
    }
}
