using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Bench;

/// <summary>
/// Impact before publishing (<c>POST /charters/{id}/draft/impact</c>) over N members (default 10,000) of one two-tier
/// charter, the draft raising the member threshold. Members spread over the ten Greater Manchester councils (every seventh
/// with a second site). Measured over HTTP as an officer runs it, cold (the platform restarted on the same database, so
/// every employer is activated from PostgreSQL) and warm (again at once). Baseline in the same run, after another
/// restart: one read-only call to every member's employer grain (<c>GetMembershipsAsync</c>), as many in flight as the
/// impact asks at once, cold then warm — the floor of any run that asks each member.
/// </summary>
internal static class ImpactBench
{
    private const string CharterId = "bench-impact";

    private static readonly Dictionary<string, string?> Settings = new() { ["Modules:Charters:SeedDemo"] = "false" };

    private static string Definition(int memberShare) => $$$"""
        {"name":"Bench impact","owner":"E47000001","tiers":["supporter","member"],"requirements":[
          {"id":"flex","title":"Flexible","tier":"supporter","principle":"autonomy","rule":{"kind":"flex.flexible-from-day-one","op":"eq","value":true}},
          {"id":"rlw","title":"RLW","tier":"member","principle":"fair-pay","rule":{"kind":"pay.share-staff-paid-rlw","op":"gte","value":{{{memberShare}}}}}]}
        """;

    public static async Task<int> RunAsync(string connectionString, int members)
    {
        var ids = Enumerable.Range(0, members).Select(i => $"bench-imp-{i:D6}").ToList();
        var (app, http) = await BenchHost.StartAsync(connectionString, Settings);
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var charter = grains.GetCharter(CharterId);
        var saved = await charter.SaveDraftAsync(Definition(90));
        var published = saved.IsOk ? await charter.PublishAsync() : saved.Problem!;
        if (!published.IsOk)
        {
            throw new InvalidOperationException(published.Problem!.Detail);
        }

        var setUp = Stopwatch.StartNew();
        foreach (var chunk in ids.Select((id, i) => (id, i)).Chunk(64))
        {
            await Task.WhenAll(chunk.Select(x => SetUpAsync(grains, x.id, x.i)));
        }

        Console.WriteLine($"{members} members set up in {setUp.Elapsed.TotalSeconds:0.0} s (each: profile, evidence, join)");
        var draft = await charter.SaveDraftAsync(Definition(100));
        if (!draft.IsOk)
        {
            throw new InvalidOperationException(draft.Problem!.Detail);
        }

        while ((await charter.GetMembersAsync()).Count < members)
        {
            await Task.Delay(100);
        }

        await StopAsync(app, http); // the member index is flushed on deactivation

        // The impact, cold then warm.
        (app, http) = await BenchHost.StartAsync(connectionString, Settings);
        var (cold, summary) = await ImpactAsync(http, members);
        var (warm, _) = await ImpactAsync(http, members);
        Console.WriteLine($"impact over {members} members, cold (after a restart): {cold.TotalSeconds:0.00} s ({cold.TotalMilliseconds * 1000 / members:0} µs/member); warm: {warm.TotalSeconds:0.00} s ({warm.TotalMilliseconds * 1000 / members:0} µs/member); {summary}");
        await StopAsync(app, http);

        // The baseline, cold then warm.
        (app, http) = await BenchHost.StartAsync(connectionString, Settings);
        grains = app.Services.GetRequiredService<IGrainFactory>();
        var coldBase = await EveryMemberAsync(grains, ids);
        var warmBase = await EveryMemberAsync(grains, ids);
        Console.WriteLine($"baseline, one read-only call to each of the {members} employer grains, 64 in flight: cold {coldBase.TotalSeconds:0.00} s ({coldBase.TotalMilliseconds * 1000 / members:0} µs/member); warm {warmBase.TotalSeconds:0.00} s ({warmBase.TotalMilliseconds * 1000 / members:0} µs/member)");
        Console.WriteLine($"ratio impact/baseline: cold {cold / coldBase:0.00}, warm {warm / warmBase:0.00}");
        await StopAsync(app, http);
        return 0;
    }

    private static async Task SetUpAsync(IGrainFactory grains, string id, int i)
    {
        var employer = grains.GetEmployer(id);
        var council = $"E080000{i % 10 + 1:D2}";
        SiteInput[] sites = i % 7 == 0
            ? [new SiteInput(council, 30), new SiteInput($"E080000{(i + 3) % 10 + 1:D2}", 10)]
            : [new SiteInput(council, 40)];
        var defined = await employer.DefineAsync(new DefineEmployer($"Bench Fictional {id} Ltd", null, null, sites));
        // Shares 80..100 %, flexible work at two employers in three: every pair of tiers occurs.
        var items = new List<EvidenceItemInput> { EvidenceItemInput.Of("pay.share-staff-paid-rlw", EvidenceValue.FromNumber(EvidenceType.Percent, 80 + i % 21)) };
        if (i % 3 != 0)
        {
            items.Add(EvidenceItemInput.Of("flex.flexible-from-day-one", EvidenceValue.FromBool(true)));
        }

        var submitted = defined.IsOk ? await employer.SubmitEvidenceAsync(new SubmitEvidence(items, "bench")) : defined.Problem!;
        var joined = submitted.IsOk ? await employer.JoinAsync(CharterId) : submitted.Problem!;
        if (!joined.IsOk)
        {
            throw new InvalidOperationException(joined.Problem!.Detail);
        }
    }

    private static async Task<(TimeSpan Elapsed, string Summary)> ImpactAsync(HttpClient http, int members)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync(new Uri($"/api/v1/charters/{CharterId}/draft/impact", UriKind.Relative),
            new StringContent("{}", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        var elapsed = watch.Elapsed;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"impact refused: {(int)response.StatusCode} {body}");
        }

        using var impact = JsonDocument.Parse(body);
        var root = impact.RootElement;
        var counted = root.GetProperty("members").GetInt32();
        if (counted != members || root.GetProperty("moves").EnumerateArray().Sum(m => m.GetProperty("count").GetInt32()) != members)
        {
            throw new InvalidOperationException($"impact counted {counted} of {members} members: {body}");
        }

        var moves = string.Join(", ", root.GetProperty("moves").EnumerateArray()
            .Select(m => $"{m.GetProperty("from").GetString() ?? "none"}→{m.GetProperty("to").GetString() ?? "none"} {m.GetProperty("count").GetInt32()}"));
        return (elapsed, $"{root.GetProperty("moved").GetInt32()} would move ({moves}); {root.GetProperty("byLocalAuthority").GetArrayLength()} councils");
    }

    private static async Task<TimeSpan> EveryMemberAsync(IGrainFactory grains, List<string> ids)
    {
        var watch = Stopwatch.StartNew();
        var next = 0;
        async Task WorkAsync()
        {
            while (Interlocked.Increment(ref next) - 1 is var i && i < ids.Count)
            {
                if (!(await grains.GetEmployer(ids[i]).GetMembershipsAsync()).IsOk)
                {
                    throw new InvalidOperationException($"employer {ids[i]} not found");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => WorkAsync()));
        return watch.Elapsed;
    }

    private static async Task StopAsync(Microsoft.AspNetCore.Builder.WebApplication app, HttpClient http)
    {
        http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
