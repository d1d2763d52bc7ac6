using System.Globalization;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Connectors.Contracts;
using RegionalGoodWork.Connectors.Integrations;
using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Connectors.Sync;

/// <summary>
/// <c>ons</c>: every configured "Explore local statistics" CSV (<c>Connectors:ons:Datasets</c>) through the Places module's
/// official import — the very code behind <c>POST /api/v1/official-indicators/import</c> — as the platform: for every area
/// the platform serves (a platform job, not a region operator's, so no region scope); areas it does not serve, suppressed
/// and superseded rows are skipped, as the upload route skips them. All files are fetched, then all are checked
/// (<see cref="IOfficialIndicatorImportGrain.CheckCsvAsync"/>), and only then imported: an outage, or one truncated or
/// malformed file, fails the run and stores nothing of any file. A re-run over the same files changes nothing.
/// Counts: read = data lines, changed = figures new or revised, unmatched = lines skipped (with the import's reasons).
/// </summary>
internal sealed class OnsJob(IOnsApi api, IGrainFactory grains, IOptionsMonitor<ConnectorOptions> options) : IConnectorJob
{
    public string ConnectorId => ConnectorIds.Ons;

    public async Task<JobResult> RunAsync(IReadOnlyDictionary<string, string> cursor, CancellationToken cancellationToken)
    {
        var datasets = options.Get(ConnectorId).Datasets;
        if (datasets.Count == 0)
        {
            throw new PartnerDataException($"No ONS datasets are configured (Connectors:{ConnectorId}:Datasets:0 = /path/file.csv under the BaseUrl); nothing was imported.");
        }

        var files = new List<(string Dataset, string Csv)>();
        foreach (var dataset in datasets)
        {
            files.Add((dataset, await api.DownloadAsync(OnsDataset.Path(dataset), OnsDataset.Query(dataset), cancellationToken) ?? ""));
        }

        var import = grains.GetOfficialIndicatorImport();
        foreach (var (dataset, csv) in files)
        {
            var check = await import.CheckCsvAsync(csv);
            if (check.Rejected)
            {
                throw new PartnerDataException(Rejection(dataset, check, files.Count));
            }
        }

        var (read, changed, skipped) = (0, 0, 0);
        foreach (var (_, csv) in files)
        {
            var report = await import.ImportCsvAsync(csv);
            if (report.Rejected)
            {
                // Checked a moment ago; only a council or region removed since could do this. The files before it stay imported.
                throw new PartnerDataException($"An ONS file was refused after it had been checked (the platform's areas changed meanwhile): {First(report)}");
            }

            (read, changed, skipped) = (read + report.Imported + report.Skipped, changed + report.Changed, skipped + report.Skipped);
        }

        var next = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["datasets"] = files.Count.ToString(CultureInfo.InvariantCulture),
            ["lines"] = read.ToString(CultureInfo.InvariantCulture),
        };
        return new JobResult(read, changed, 0, skipped, next);
    }

    private string Rejection(string dataset, ImportReport report, int count)
    {
        var what = report.Errors.Any(e => e.Message.StartsWith("Expected ", StringComparison.Ordinal) || e.Message.Contains("never closed", StringComparison.Ordinal)) ? "truncated or malformed" : "malformed";
        var nothing = count == 1 ? "nothing was imported" : $"nothing from any of the {count} files was imported";
        return $"The ONS file {dataset} from {options.Get(ConnectorId).BaseUrl} is {what} ({report.ErrorCount} error(s)); {nothing}. {First(report)}";
    }

    private static string First(ImportReport report) =>
        string.Join(" ", report.Errors.Take(3).Select(e => $"Line {e.Line}: {e.Message}"));
}
