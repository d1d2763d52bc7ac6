using System.Globalization;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Connectors.Contracts;
using RegionalGoodWork.Connectors.Integrations;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Connectors.Sync;

/// <summary>
/// <c>gender-pay-gap-service</c>: the year's CSV (<c>Connectors:gender-pay-gap-service:Year</c>, else the latest completed
/// reporting year), read whole first — a truncated or malformed file fails the run and stores nothing — then, for each row
/// whose company number an employer on the platform holds, partner-verified <c>equality.gender-pay-gap-median</c>
/// (DiffMedianHourlyPercent) and <c>equality.gender-pay-gap-published</c> true where they differ from the current values.
/// Rows naming no employer are counted (unmatched), not stored.
/// </summary>
internal sealed class GenderPayGapJob(
    IGenderPayGapApi api, CompanyNumberMatcher matcher, PartnerEvidenceWriter writer, IOptionsMonitor<ConnectorOptions> options, PlatformClock clock)
    : IConnectorJob
{
    public const string Median = "equality.gender-pay-gap-median";

    public const string Published = "equality.gender-pay-gap-published";

    public string ConnectorId => ConnectorIds.GenderPayGapService;

    /// <summary>
    /// The latest reporting year whose reports are all due: a year's snapshot is taken in April and reported within twelve
    /// months, so 2024–25 (2024) is complete from 5 April 2026.
    /// </summary>
    public static int LatestCompletedYear(DateOnly today) => today >= new DateOnly(today.Year, 4, 5) ? today.Year - 1 : today.Year - 2;

    public async Task<JobResult> RunAsync(IReadOnlyDictionary<string, string> cursor, CancellationToken cancellationToken)
    {
        var year = options.Get(ConnectorId).Year ?? LatestCompletedYear(clock.Today);
        var what = $"The gender pay gap file for {year}";
        var csv = await api.DownloadAsync(year, cancellationToken);
        var (header, rows) = CsvReader.Read(csv ?? "", what);
        var numberAt = Array.IndexOf([.. header], "CompanyNumber");
        var medianAt = Array.IndexOf([.. header], "DiffMedianHourlyPercent");
        if (numberAt < 0 || medianAt < 0)
        {
            throw new PartnerDataException($"{what} is malformed: its header lacks CompanyNumber or DiffMedianHourlyPercent (has {string.Join(", ", header.Take(8))}…).");
        }

        var medians = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        var noNumber = 0;
        foreach (var row in rows)
        {
            if (CompanyNumberMatcher.Normalize(row[numberAt]) is not { } number)
            {
                noNumber++;
                continue;
            }

            medians[number] = decimal.TryParse(row[medianAt].Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var median) ? median : null;
        }

        var matched = await matcher.MatchAsync(medians.Keys);
        var facts = new List<PartnerFact>();
        var failed = 0;
        foreach (var (number, employerId) in matched)
        {
            if (medians[number] is not { } median)
            {
                failed++;
                continue;
            }

            var note = $"Gender pay gap report {year}–{(year + 1) % 100:D2} ({number})";
            facts.Add(new PartnerFact(employerId, Median, EvidenceValue.FromNumber(EvidenceType.Percent, median), note));
            facts.Add(new PartnerFact(employerId, Published, EvidenceValue.FromBool(true), note));
        }

        var (changed, refused) = await writer.WriteAsync(ConnectorId, facts);
        var unmatched = noNumber + medians.Keys.Count(n => !matched.ContainsKey(n));
        var next = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["year"] = year.ToString(CultureInfo.InvariantCulture),
            ["rows"] = rows.Count.ToString(CultureInfo.InvariantCulture),
        };
        return new JobResult(rows.Count, changed, failed + refused, unmatched, next);
    }
}
