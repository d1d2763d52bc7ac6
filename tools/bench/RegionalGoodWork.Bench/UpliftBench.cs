using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Bench;

/// <summary>
/// The annual uplift's fan-out for N members (default 10,000) of one charter whose living-wage requirement compares with
/// the real Living Wage: (1) a rate announced through the API with its pay-by date 30 days ahead, until every member
/// shows it "due by"; (2) the business clock moved to the pay-by date, until every member's tier has dropped — both with
/// nobody calling the API, the wage-rate watch's reminder (2 s here) starting the charter's fan-out (batches of
/// <c>FanOutBatchSize</c>, 50). Baseline in the same run: the same members re-assessed straight from the bench, 50 at a
/// time, each with a change to write (a new pay figure restoring the tier).
/// </summary>
internal static class UpliftBench
{
    private const string CharterId = "bench-uplift";
    private const string Kind = "pay.lowest-adult-hourly-rate";

    public static async Task<int> RunAsync(string connectionString, int members)
    {
        var clock = new ShiftedClock();
        var (app, http) = await BenchHost.StartAsync(connectionString, new Dictionary<string, string?>
        {
            ["Modules:Charters:SeedDemo"] = "false",
            ["Orleans:MinimumReminderPeriod"] = "00:00:02",
            ["Modules:Charters:FanOutReminderPeriod"] = "00:00:02",
        }, new PlatformClock(clock));
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var platformClock = app.Services.GetRequiredService<PlatformClock>();
        var today = platformClock.Today;
        var inForce = (await grains.GetWageRates().GetTableAsync()).RateInForce(WageRateSchemes.RealLivingWage, WageArea.Uk, today)
            ?? throw new InvalidOperationException("no real Living Wage in force today");
        var newRate = inForce + 0.65m;
        var payBy = today.AddDays(30);

        var charter = grains.GetCharter(CharterId);
        var saved = await charter.SaveDraftAsync("""
            {"name":"Bench uplift","owner":"E47000001","tiers":["member"],"requirements":[{"id":"living-wage","title":"RLW","tier":"member",
             "principle":"fair-pay","rule":{"kind":"pay.lowest-adult-hourly-rate","op":"gte","value":{"rate":"real-living-wage"}}}]}
            """);
        var published = saved.IsOk ? await charter.PublishAsync() : saved.Problem!;
        if (!published.IsOk)
        {
            throw new InvalidOperationException(published.Problem!.Detail);
        }

        var ids = Enumerable.Range(0, members).Select(i => $"bench-up-{i:D6}").ToList();
        var setUp = Stopwatch.StartNew();
        foreach (var chunk in ids.Chunk(64))
        {
            await Task.WhenAll(chunk.Select(id => SetUpAsync(grains, id, inForce, today)));
        }

        Console.WriteLine($"{members} members set up in {setUp.Elapsed.TotalSeconds:0.0} s (each: profile, join, pay £{inForce} in force today)");
        var last = grains.GetEmployer(ids.Max(StringComparer.Ordinal)!);

        // 1. The announcement: every member shows "due by" (the sweep runs in member id order, so the last id is the last done).
        var body = $$$"""{"scheme":"real-living-wage","announcedOn":"{{{today:yyyy-MM-dd}}}","payBy":"{{{payBy:yyyy-MM-dd}}}","rates":{"uk":{{{newRate.ToString(CultureInfo.InvariantCulture)}}},"london":{{{(newRate + 1.45m).ToString(CultureInfo.InvariantCulture)}}}}}""";
        var announce = Stopwatch.StartNew();
        using (var response = await http.PostAsync(new Uri("/api/v1/wage-rates", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json")))
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"announcement refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        await UntilAsync(async () => (await last.GetMembershipsAsync()).Value!.Single().DueBy.Count > 0);
        var shown = announce.Elapsed;
        var notShown = await CountAsync(grains, ids, m => m.DueBy.Count == 0 || m.Tier != "member");
        Console.WriteLine($"announcement -> all {members} show due by {payBy:yyyy-MM-dd}: {shown.TotalSeconds:0.0} s ({members / shown.TotalSeconds:0} members/s; includes up to one 2 s watch tick); not shown or tier changed: {notShown}");

        // 2. The pay-by date comes on the business clock: every member's tier drops.
        clock.Offset = (payBy.ToDateTime(TimeOnly.MinValue) - DateTime.UtcNow.Date) + TimeSpan.FromSeconds(1);
        var came = Stopwatch.StartNew();
        await UntilAsync(async () => (await last.GetMembershipsAsync()).Value!.Single().Tier is null);
        var dropped = came.Elapsed;
        var notDropped = await CountAsync(grains, ids, m => m.Tier is not null);
        Console.WriteLine($"pay-by date -> all {members} tiers dropped: {dropped.TotalSeconds:0.0} s ({members / dropped.TotalSeconds:0} members/s; includes up to one 2 s watch tick); not dropped: {notDropped}");

        // Baseline: the same members, each with a change to write, straight from the bench, 50 at a time.
        var direct = Stopwatch.StartNew();
        foreach (var chunk in ids.Chunk(50))
        {
            await Task.WhenAll(chunk.Select(async id =>
            {
                var result = await grains.GetEmployer(id).SubmitEvidenceAsync(Pay(newRate, platformClock.Today));
                if (!result.IsOk)
                {
                    throw new InvalidOperationException(result.Problem!.Detail);
                }
            }));
        }

        var baseline = direct.Elapsed;
        Console.WriteLine($"baseline, {members} new pay figures submitted straight to the employer grains 50 at a time: {baseline.TotalSeconds:0.0} s ({members / baseline.TotalSeconds:0} /s)");
        Console.WriteLine($"ratio uplift/baseline: announcement {shown / baseline:0.00}, pay-by {dropped / baseline:0.00}");
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        return 0;
    }

    private static async Task SetUpAsync(IGrainFactory grains, string id, decimal rate, DateOnly today)
    {
        var employer = grains.GetEmployer(id);
        var defined = await employer.DefineAsync(new DefineEmployer($"Bench Fictional {id} Ltd", null, null, [new SiteInput("E08000003", 40)]));
        var joined = defined.IsOk ? await employer.JoinAsync(CharterId) : defined.Problem!;
        var paid = joined.IsOk ? await employer.SubmitEvidenceAsync(Pay(rate, today)) : joined.Problem!;
        if (!paid.IsOk)
        {
            throw new InvalidOperationException(paid.Problem!.Detail);
        }
    }

    private static SubmitEvidence Pay(decimal rate, DateOnly effectiveFrom) =>
        new([EvidenceItemInput.Of(Kind, EvidenceValue.FromNumber(EvidenceType.Money, rate), effectiveFrom)], "bench");

    private static async Task UntilAsync(Func<Task<bool>> done)
    {
        var limit = Stopwatch.StartNew();
        while (!await done())
        {
            if (limit.Elapsed > TimeSpan.FromMinutes(30))
            {
                throw new TimeoutException("the fan-out did not finish in 30 minutes");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<int> CountAsync(IGrainFactory grains, List<string> ids, Func<MembershipView, bool> wrong)
    {
        var count = 0;
        foreach (var chunk in ids.Chunk(64))
        {
            var views = await Task.WhenAll(chunk.Select(id => grains.GetEmployer(id).GetMembershipsAsync()));
            count += views.Count(v => wrong(v.Value!.Single()));
        }

        return count;
    }

    /// <summary>The real clock moved forward by <see cref="Offset"/> (the business clock only; Orleans keeps its own).</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;
    }
}
