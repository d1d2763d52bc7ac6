using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RegionalGoodWork.Connectors.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Bench;

/// <summary>
/// The gender pay gap connector over the real annual file (../shared/data, 10,575 rows): every report with a company
/// number has an employer on the platform, a stub partner on 127.0.0.1 serves the file, and a sync is timed from its start
/// to its run record saying succeeded, then a second (which must change nothing). Baseline, same run: the same number of
/// two-item partner-verified submissions made straight to other employers' grains, 32 at a time (as the connector writes) —
/// the connector's cost over the bare write path of the facts it records.
/// </summary>
internal static class GenderPayGapBench
{
    private const int Year = 2022;

    public static async Task<int> RunAsync(string connectionString, string csvPath)
    {
        var csv = await File.ReadAllTextAsync(csvPath);
        var numbers = CompanyNumbersIn(csv);
        Console.WriteLine($"gender pay gap file: {csvPath}, {numbers.Count:N0} distinct company numbers");

        await using var stub = await StartStubAsync(csv);
        var (app, _) = await BenchHost.StartAsync(connectionString, new Dictionary<string, string?>
        {
            ["Connectors:gender-pay-gap-service:Enabled"] = "true",
            ["Connectors:gender-pay-gap-service:BaseUrl"] = stub.Urls.First(),
            ["Connectors:gender-pay-gap-service:Year"] = Year.ToString(CultureInfo.InvariantCulture),
            ["Connectors:gender-pay-gap-service:Schedule"] = "1.00:00:00",
            ["Modules:Charters:SeedDemo"] = "false",
        });
        await using (app)
        {
            var grains = app.Services.GetRequiredService<IGrainFactory>();
            var seeding = Stopwatch.StartNew();
            await ForEachAsync(numbers, (n, i) => grains.GetEmployer($"gpg-{i}").DefineAsync(Employer($"GPG employer {i}", n)));
            Console.WriteLine($"seeded {numbers.Count:N0} employers with those numbers in {seeding.Elapsed.TotalSeconds:F1} s");

            var first = await SyncAsync(grains);
            var again = await SyncAsync(grains);

            var baselineEmployers = first.Run.Changed / 2;
            await ForEachAsync(Enumerable.Range(0, baselineEmployers).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList(),
                (_, i) => grains.GetEmployer($"base-{i}").DefineAsync(Employer($"Baseline employer {i}", null)));
            var baseline = Stopwatch.StartNew();
            await ForEachAsync(Enumerable.Range(0, baselineEmployers).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList(),
                (_, i) => grains.GetEmployer($"base-{i}").SubmitEvidenceAsync(new SubmitEvidence(
                    [EvidenceItemInput.Of("equality.gender-pay-gap-median", EvidenceValue.FromNumber(EvidenceType.Percent, 9.5m), source: EvidenceSource.PartnerVerified),
                     EvidenceItemInput.Of("equality.gender-pay-gap-published", EvidenceValue.FromBool(true), source: EvidenceSource.PartnerVerified)],
                    "bench", MayChooseSource: true)));
            baseline.Stop();

            Console.WriteLine($"sync 1: {first.Seconds:F1} s — read {first.Run.Read:N0}, changed {first.Run.Changed:N0}, failed {first.Run.Failed:N0}, unmatched {first.Run.Unmatched:N0}, {first.Run.Status}");
            Console.WriteLine($"sync 2 (same file): {again.Seconds:F1} s — changed {again.Run.Changed:N0}, {again.Run.Status}");
            Console.WriteLine($"baseline: {baselineEmployers:N0} direct two-item submissions in {baseline.Elapsed.TotalSeconds:F1} s");
            Console.WriteLine($"ratio sync 1 / baseline: {first.Seconds / baseline.Elapsed.TotalSeconds:F2}; sync 2 / baseline: {again.Seconds / baseline.Elapsed.TotalSeconds:F2}");
            return first.Run.Status == ConnectorRunStatus.Succeeded && again.Run is { Status: ConnectorRunStatus.Succeeded, Changed: 0 } ? 0 : 1;
        }
    }

    private static async Task<(ConnectorRun Run, double Seconds)> SyncAsync(IGrainFactory grains)
    {
        var connector = grains.GetConnectorSync(ConnectorIds.GenderPayGapService);
        var clock = Stopwatch.StartNew();
        var runId = (await connector.StartAsync("bench")).Value!.RunId;
        while (true)
        {
            if ((await connector.GetStatusAsync()).Value?.LastRun is { FinishedAt: not null } run && run.RunId == runId)
            {
                return (run, clock.Elapsed.TotalSeconds);
            }

            await Task.Delay(50);
        }
    }

    private static DefineEmployer Employer(string name, string? companyNumber) =>
        new(name, companyNumber, null, [new SiteInput("E08000003", 100)]);

    private static async Task ForEachAsync(IReadOnlyList<string> items, Func<string, int, Task> work)
    {
        for (var start = 0; start < items.Count; start += 32)
        {
            await Task.WhenAll(items.Skip(start).Take(32).Select((item, k) => work(item, start + k)));
        }
    }

    /// <summary>
    /// The file's company numbers, as the register writes them (upper case, all-digit ones padded to eight). A rough reading
    /// line by line (a field with a line break inside it is split), enough to seed employers: the run counts the records.
    /// </summary>
    private static List<string> CompanyNumbersIn(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = Fields(lines[0]);
        var at = header.IndexOf("CompanyNumber");
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var fields = Fields(line);
            var raw = fields.Count > at ? fields[at].Trim().ToUpperInvariant() : "";
            var number = raw.Length is > 0 and < 8 && raw.All(char.IsAsciiDigit) ? raw.PadLeft(8, '0') : raw;
            if (number.Length == 8 && number.All(char.IsAsciiLetterOrDigit))
            {
                distinct.Add(number);
            }
        }

        return [.. distinct.Order(StringComparer.Ordinal)];
    }

    /// <summary>One line's fields (quotes and doubled quotes).</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c != '\r')
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }

    private static async Task<WebApplication> StartStubAsync(string csv)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var stub = builder.Build();
        stub.MapGet("/viewing/download-data/{year:int}", (int year) =>
            year == Year ? Results.Text(csv, "text/csv; charset=utf-8") : Results.NotFound());
        await stub.StartAsync();
        return stub;
    }
}
