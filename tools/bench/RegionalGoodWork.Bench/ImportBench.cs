using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace RegionalGoodWork.Bench;

/// <summary>
/// The employer import (<c>POST /api/v1/employers/import</c>) of a generated file — N employers, one site each in Greater
/// Manchester's ten councils, five evidence columns (bool, two percents, a choice, days) — sent over HTTP from a file on disk
/// (streamed, as <c>tools/import.sh</c> sends it), then the same file again (every employer unchanged). Reports the time of
/// each and the process's peak working set (silo, HTTP server and the client in one process) against the targets:
/// 100,000 employers × 5 items in ≤ 120 s, peak memory ≤ 2 GB.
/// </summary>
internal static class ImportBench
{
    private static readonly string[] Councils = Enumerable.Range(1, 10).Select(i => $"E080000{i:00}").ToArray();
    private static readonly string[] Choices = ["none", "plan", "milestones", "all"];

    public static async Task<int> RunAsync(string connectionString, int employers)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rgw-import-bench-{employers}-{Guid.NewGuid():N}.csv");
        try
        {
            await WriteCsvAsync(file, employers);
            Console.WriteLine($"import file: {employers:N0} employers × 5 evidence items, {new FileInfo(file).Length / 1024.0 / 1024.0:F1} MB");
            var (app, admin) = await BenchHost.StartAsync(connectionString, new Dictionary<string, string?> { ["Modules:Charters:SeedDemo"] = "false" });
            await using (app)
            {
                using var http = new HttpClient { BaseAddress = admin.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
                http.DefaultRequestHeaders.Add("X-Api-Key", BenchHost.AdminKey);
                var startPeak = PeakWorkingSet();
                var first = await ImportAsync(http, file);
                var firstPeak = PeakWorkingSet();
                var again = await ImportAsync(http, file);
                var peak = PeakWorkingSet();

                Console.WriteLine($"import 1: {first.Seconds:F1} s ({employers / first.Seconds:N0} employers/s) — {first.Summary}");
                Console.WriteLine($"import 2 (same file): {again.Seconds:F1} s — {again.Summary}");
                Console.WriteLine($"peak working set: {Mb(startPeak)} at start, {Mb(firstPeak)} after import 1, {Mb(peak)} after import 2");
                var scaled = first.Seconds * 100_000 / employers;
                Console.WriteLine($"target 100,000 × 5 in ≤ 120 s: {(employers >= 100_000 ? $"{first.Seconds:F1} s" : $"{scaled:F0} s scaled linearly from {employers:N0}")}; peak ≤ 2 GB: {Mb(peak)}");
                return first.Imported == employers && again.Unchanged == employers ? 0 : 1;
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(double Seconds, int Imported, int Unchanged, string Summary)> ImportAsync(HttpClient http, string file)
    {
        var clock = Stopwatch.StartNew();
        await using var stream = File.OpenRead(file);
        using var content = new StreamContent(stream, 64 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await http.PostAsync(new Uri("/api/v1/employers/import", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        clock.Stop();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"import answered {(int)response.StatusCode}: {body}");
        }

        var summary = JsonDocument.Parse(body).RootElement;
        var (imported, unchanged, rejected) = (summary.GetProperty("imported").GetInt32(), summary.GetProperty("unchanged").GetInt32(), summary.GetProperty("rejectedCount").GetInt32());
        return (clock.Elapsed.TotalSeconds, imported, unchanged, $"imported {imported:N0}, unchanged {unchanged:N0}, rejected {rejected:N0}");
    }

    private static async Task WriteCsvAsync(string path, int employers)
    {
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync("employer_id,name,company_number,local_authority,headcount,pay.rlw-accredited,pay.share-staff-paid-rlw,conditions.zero-hours-share,pay.contractors-rlw,conditions.shift-notice-days\r\n");
        for (var i = 0; i < employers; i++)
        {
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                $"bench-imp-{i},\"Bench Import {i}, Ltd\",,{Councils[i % Councils.Length]},{5 + i % 200},{(i % 3 == 0 ? "true" : "false")},{i % 101},{i % 7},{Choices[i % 4]},{i % 30}\r\n"));
        }
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:N0} MB";
}
