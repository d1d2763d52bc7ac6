using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Bench;

/// <summary>
/// Reading a region's indicators at N employers: the platform's incremental aggregates (one region grain call,
/// and the HTTP route) against the same figures computed by SQL aggregation over a normalized copy of the same
/// data in the same PostgreSQL. Greater Manchester's ten councils by default (target ≥ 10×, p50 ≤ 5 ms); with a council
/// count, an England-size region of that many shipped councils (England's 296 first; issue 15: 1,000,000 employers over 300
/// councils, p50 ≤ 1 ms over HTTP, ≥ 100× SQL).
/// </summary>
internal static class IndicatorsBench
{
    private const string ManchesterRegion = "E47000001";

    /// <summary>England's GSS code: the bench's England-size region (its councils leave their own regions in the bench's database).</summary>
    private const string EnglandRegion = "E92000001";

    private static string Region = ManchesterRegion;

    public static async Task<int> RunAsync(string connectionString, int employers, int? councilCount = null)
    {
        var (app, http) = await BenchHost.StartAsync(connectionString);
        await using var _ = app;
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        if (councilCount is { } wanted)
        {
            Region = EnglandRegion;
            var english = EnglishCouncils().Take(wanted).ToList();
            var defined = await grains.GetRegion(Region).DefineAsync(new DefineRegion("England-size bench region", english));
            if (!defined.IsOk)
            {
                throw new InvalidOperationException(defined.Problem!.Detail);
            }
        }

        var region = (await grains.GetRegion(Region).GetAsync()).Value ?? throw new InvalidOperationException($"region {Region} not defined");
        var councils = region.LocalAuthorities.Select(c => c.Code).ToArray();
        var year = DateTime.UtcNow.Year;

        Console.WriteLine($"generating {employers:N0} fictional employers over {councils.Length} councils of {Region}");
        var data = Generate(employers, councils);

        var load = Stopwatch.StartNew();
        foreach (var group in data.Sites.GroupBy(s => s.Council))
        {
            var contributions = group.Select(s => ContributionFor(data.Employers[s.Employer], s.Headcount)).ToList();
            foreach (var chunk in contributions.Chunk(2_000))
            {
                var outcome = await grains.GetLocalAuthority(group.Key).ApplyContributionsAsync(chunk);
                if (!outcome.IsOk)
                {
                    throw new InvalidOperationException(outcome.Problem!.Detail);
                }
            }
        }

        Console.WriteLine($"incremental aggregates loaded through the council grains in {load.Elapsed.TotalSeconds:0.0}s");
        await CopyNormalizedAsync(connectionString, data, councils);

        // Warm both paths, then measure.
        var grainSet = (await grains.GetRegion(Region).GetIndicatorsAsync(year)).Value!;
        var sqlSet = await SqlAggregateAsync(connectionString);
        var grainCovered = grainSet.Indicators.Single(i => i.Id == IndicatorIds.EmployeesCovered).Value;
        Console.WriteLine($"employees-covered: grains {grainCovered:N0}, SQL {sqlSet.Covered:N0} (must agree)");
        if (grainCovered != sqlSet.Covered)
        {
            Console.WriteLine("MISMATCH between the incremental figures and the SQL aggregation");
            return 1;
        }

        var grainTimes = new List<double>();
        for (var i = 0; i < 500; i++)
        {
            var sw = Stopwatch.StartNew();
            await grains.GetRegion(Region).GetIndicatorsAsync(year);
            grainTimes.Add(sw.Elapsed.TotalMilliseconds);
        }

        var httpTimes = new List<double>();
        var responseBytes = 0;
        for (var i = 0; i < 200; i++)
        {
            var sw = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri($"/api/v1/regions/{Region}/indicators?year={year}", UriKind.Relative));
            responseBytes = (await response.Content.ReadAsByteArrayAsync()).Length;
            response.EnsureSuccessStatusCode();
            httpTimes.Add(sw.Elapsed.TotalMilliseconds);
        }

        // The same read as a browser or a polling dashboard makes it: gzip accepted (and decompressed, by the client's handler),
        // then revalidated with the ETag of the last answer (304 while nothing changed).
        using var gzipClient = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.GZip })
        {
            BaseAddress = http.BaseAddress,
        };
        var regionPath = new Uri($"/api/v1/regions/{Region}/indicators?year={year}", UriKind.Relative);
        var (gzip50, gzip95) = await TimeGetsAsync(gzipClient, regionPath, 200);
        long wireBytes;
        using (var zipped = new HttpRequestMessage(HttpMethod.Get, regionPath))
        {
            zipped.Headers.AcceptEncoding.ParseAdd("gzip");
            using var response = await http.SendAsync(zipped);
            wireBytes = (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        System.Net.Http.Headers.EntityTagHeaderValue etag;
        using (var tagged = await http.GetAsync(regionPath))
        {
            etag = tagged.Headers.ETag ?? throw new InvalidOperationException("no ETag on the region's answer");
        }

        var revalidateTimes = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var sw = Stopwatch.StartNew();
            using var request = new HttpRequestMessage(HttpMethod.Get, regionPath);
            request.Headers.IfNoneMatch.Add(etag);
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != System.Net.HttpStatusCode.NotModified)
            {
                throw new InvalidOperationException($"revalidation answered {(int)response.StatusCode}, not 304");
            }

            revalidateTimes.Add(sw.Elapsed.TotalMilliseconds);
        }

        // The floor under the plain read: a bare ASP.NET Core endpoint on the same loopback sending the same bytes, no platform.
        var (floor50, floor95) = await BareKestrelAsync(await (await http.GetAsync(regionPath)).Content.ReadAsByteArrayAsync());

        var councilTimes = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var sw = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri($"/api/v1/local-authorities/{councils[i % councils.Length]}/indicators?year={year}", UriKind.Relative));
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            councilTimes.Add(sw.Elapsed.TotalMilliseconds);
        }

        var sqlTimes = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var sw = Stopwatch.StartNew();
            await SqlAggregateAsync(connectionString);
            sqlTimes.Add(sw.Elapsed.TotalMilliseconds);
        }

        var (g50, g95) = BenchHost.Percentiles(grainTimes);
        var (h50, h95) = BenchHost.Percentiles(httpTimes);
        var (s50, s95) = BenchHost.Percentiles(sqlTimes);
        var (c50, c95) = BenchHost.Percentiles(councilTimes);
        Console.WriteLine($"region indicators at {employers:N0} employers ({data.Sites.Count:N0} sites, {councils.Length} councils):");
        Console.WriteLine($"  region grain call  p50 {g50,8:0.000} ms  p95 {g95,8:0.000} ms");
        Console.WriteLine($"  HTTP GET           p50 {h50,8:0.000} ms  p95 {h95,8:0.000} ms  ({responseBytes / 1024.0:N0} KiB of JSON: the region and each council)");
        var (r50, r95) = BenchHost.Percentiles(revalidateTimes);
        Console.WriteLine($"  HTTP GET, gzip     p50 {gzip50,8:0.000} ms  p95 {gzip95,8:0.000} ms  ({wireBytes / 1024.0:N0} KiB on the wire, decompressed by the client)");
        Console.WriteLine($"  HTTP revalidation  p50 {r50,8:0.000} ms  p95 {r95,8:0.000} ms  (If-None-Match: 304 while nothing changed)");
        Console.WriteLine($"  floor: bare ASP.NET Core sending the same {responseBytes / 1024.0:N0} KiB on loopback  p50 {floor50,8:0.000} ms  p95 {floor95,8:0.000} ms");
        Console.WriteLine($"  SQL aggregation    p50 {s50,8:0.000} ms  p95 {s95,8:0.000} ms");
        Console.WriteLine($"  council HTTP GET   p50 {c50,8:0.000} ms  p95 {c95,8:0.000} ms");
        Console.WriteLine($"  ratio SQL/grain p50 = {s50 / g50:0.0}x, SQL/HTTP p50 = {s50 / h50:0.0}x " +
            (councilCount is null ? "(target >= 10x, p50 <= 5 ms)" : "(England-size target: >= 100x, region p50 <= 1 ms over HTTP)"));
        await app.StopAsync();
        return 0;
    }

    /// <summary>p50 and p95 of <paramref name="count"/> GETs, each body read whole.</summary>
    private static async Task<(double P50, double P95)> TimeGetsAsync(HttpClient client, Uri path, int count)
    {
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var sw = Stopwatch.StartNew();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        return BenchHost.Percentiles(times);
    }

    private static async Task<(double P50, double P95)> BareKestrelAsync(byte[] body)
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var bare = builder.Build();
        bare.MapGet("/", () => Results.Bytes(body, "application/json; charset=utf-8"));
        await bare.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(bare.Urls.First()) };
        var times = await TimeGetsAsync(client, new Uri("/", UriKind.Relative), 200);
        await bare.StopAsync();
        return times;
    }

    /// <summary>The shipped geography's councils (modules/Places/…/Data/geography.json): England's 296 by code, then the rest of the UK's.</summary>
    private static IEnumerable<string> EnglishCouncils()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RegionalGoodWork.sln")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"),
            "modules", "Places", "RegionalGoodWork.Places", "Data", "geography.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("councils").EnumerateArray()
            .Select(c => c.GetProperty("code").GetString()!)
            .OrderBy(c => c.StartsWith('E') ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal)
            .ToList();
    }

    private sealed record BenchEmployer(string Id, int TotalHeadcount, bool InCharter, string? Tier, bool Rlw, bool? Flex, bool? Union, decimal? Gap, int? Apprentices);

    private sealed record BenchSite(int Employer, string Council, int Headcount);

    private sealed record BenchData(List<BenchEmployer> Employers, List<BenchSite> Sites);

    /// <summary>Deterministic, clearly fictional employers (seeded RNG).</summary>
    private static BenchData Generate(int count, string[] councils)
    {
        var rng = new Random(20261129);
        var employers = new List<BenchEmployer>(count);
        var sites = new List<BenchSite>(count * 13 / 10);
        for (var i = 0; i < count; i++)
        {
            var siteCount = rng.NextDouble() switch { < 0.7 => 1, < 0.95 => 2, _ => 3 };
            var total = 0;
            foreach (var council in councils.OrderBy(_ => rng.Next()).Take(siteCount))
            {
                var headcount = (int)Math.Max(1, Math.Exp(rng.NextDouble() * 7));
                sites.Add(new BenchSite(i, council, headcount));
                total += headcount;
            }

            var inCharter = rng.NextDouble() < 0.3;
            employers.Add(new BenchEmployer(
                $"bench-{i:D6}",
                total,
                inCharter,
                inCharter ? (rng.NextDouble() < 0.6 ? "member" : "supporter") : null,
                rng.NextDouble() < 0.45,
                rng.NextDouble() < 0.8 ? rng.NextDouble() < 0.5 : null,
                rng.NextDouble() < 0.8 ? rng.NextDouble() < 0.3 : null,
                rng.NextDouble() < 0.7 ? Math.Round((decimal)(rng.NextDouble() * 40 - 10), 1) : null,
                rng.NextDouble() < 0.6 ? rng.Next(0, 25) : null));
        }

        return new BenchData(employers, sites);
    }

    private static EmployerContribution ContributionFor(BenchEmployer e, int headcount) =>
        new(e.Id, 1, headcount, e.TotalHeadcount, e.InCharter,
            e.Tier is null ? [] : [new CharterTier("gm-gec", e.Tier)],
            e.Rlw, e.Flex, e.Union, e.Gap, e.Apprentices);

    private static async Task CopyNormalizedAsync(string cs, BenchData data, string[] councils)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand(
            """
            DROP TABLE IF EXISTS bench_site, bench_membership, bench_employer, bench_council;
            CREATE TABLE bench_employer (employer_id text PRIMARY KEY, total_headcount int NOT NULL, in_any_charter bool NOT NULL,
                rlw bool NOT NULL, flex bool NULL, union_recognised bool NULL, gender_pay_gap numeric NULL, apprenticeship_starts int NULL);
            CREATE TABLE bench_site (employer_id text NOT NULL REFERENCES bench_employer, council text NOT NULL, headcount int NOT NULL);
            CREATE TABLE bench_membership (employer_id text NOT NULL REFERENCES bench_employer, charter_id text NOT NULL, tier text NOT NULL);
            CREATE TABLE bench_council (council text PRIMARY KEY, region text NOT NULL);
            """, connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync("COPY bench_employer FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var e in data.Employers)
            {
                await w.StartRowAsync();
                await w.WriteAsync(e.Id);
                await w.WriteAsync(e.TotalHeadcount);
                await w.WriteAsync(e.InCharter);
                await w.WriteAsync(e.Rlw);
                await WriteNullableAsync(w, e.Flex, NpgsqlDbType.Boolean);
                await WriteNullableAsync(w, e.Union, NpgsqlDbType.Boolean);
                await WriteNullableAsync(w, e.Gap, NpgsqlDbType.Numeric);
                await WriteNullableAsync(w, e.Apprentices, NpgsqlDbType.Integer);
            }

            await w.CompleteAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync("COPY bench_site FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var s in data.Sites)
            {
                await w.WriteRowAsync(default, data.Employers[s.Employer].Id, s.Council, s.Headcount);
            }

            await w.CompleteAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync("COPY bench_membership FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var e in data.Employers.Where(e => e.Tier is not null))
            {
                await w.WriteRowAsync(default, e.Id, "gm-gec", e.Tier!);
            }

            await w.CompleteAsync();
        }

        await using (var w = await connection.BeginBinaryImportAsync("COPY bench_council FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var c in councils)
            {
                await w.WriteRowAsync(default, c, Region);
            }

            await w.CompleteAsync();
        }

        await using var index = new NpgsqlCommand(
            "CREATE INDEX ON bench_site (council); CREATE INDEX ON bench_membership (employer_id); ANALYZE;", connection);
        await index.ExecuteNonQueryAsync();
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
        {
            await w.WriteAsync(v, type);
        }
        else
        {
            await w.WriteNullAsync();
        }
    }

    private sealed record SqlFigures(decimal Covered);

    /// <summary>The same figures as the region's indicator set, per council and for the region, by SQL aggregation.</summary>
    private static async Task<SqlFigures> SqlAggregateAsync(string cs)
    {
        const string sql = """
            WITH s AS (
                SELECT s.council, s.headcount, e.*
                FROM bench_site s
                JOIN bench_employer e USING (employer_id)
                JOIN bench_council c ON c.council = s.council
                WHERE c.region = @region AND e.in_any_charter
            )
            SELECT council,
                   count(DISTINCT employer_id) AS employers,
                   sum(headcount) AS covered,
                   sum(headcount) FILTER (WHERE rlw)::numeric / NULLIF(sum(headcount), 0) * 100 AS rlw_share,
                   sum(headcount) FILTER (WHERE flex)::numeric / NULLIF(sum(headcount) FILTER (WHERE flex IS NOT NULL), 0) * 100 AS flex_share,
                   sum(headcount) FILTER (WHERE union_recognised)::numeric / NULLIF(sum(headcount) FILTER (WHERE union_recognised IS NOT NULL), 0) * 100 AS union_share,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY gender_pay_gap) AS median_gap,
                   sum(apprenticeship_starts::numeric * headcount / total_headcount) * 1000
                       / NULLIF(sum(headcount) FILTER (WHERE apprenticeship_starts IS NOT NULL), 0) AS apprenticeships_per_1000
            FROM s
            GROUP BY ROLLUP (council);
            SELECT s.council, m.charter_id, m.tier, count(DISTINCT m.employer_id)
            FROM bench_membership m
            JOIN bench_site s USING (employer_id)
            JOIN bench_council c ON c.council = s.council
            WHERE c.region = @region
            GROUP BY ROLLUP (s.council), m.charter_id, m.tier;
            """;
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("region", Region);
        await using var reader = await command.ExecuteReaderAsync();
        decimal covered = 0;
        while (await reader.ReadAsync())
        {
            if (reader.IsDBNull(0))
            {
                covered = Convert.ToDecimal(reader.GetValue(2), CultureInfo.InvariantCulture);
            }
        }

        await reader.NextResultAsync();
        while (await reader.ReadAsync())
        {
        }

        return new SqlFigures(covered);
    }
}
