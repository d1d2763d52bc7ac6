using System.Globalization;
using System.Text;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Geography;

namespace RegionalGoodWork.Places.Official;

/// <summary>What to store, by area, once a whole file validated.</summary>
internal sealed record ImportPlan(
    ImportReport Report,
    IReadOnlyDictionary<string, List<OfficialObservation>> LocalAuthorities,
    IReadOnlyDictionary<string, List<OfficialObservation>> Regions);

/// <summary>
/// Turns a parsed ONS file into observations by area, or into the list of every reason to reject it. Rules:
/// a hard error anywhere (bad columns, unknown area code, empty or non-numeric observation, bad period) rejects the
/// whole file; suppressed rows (status x), rows with no published value, real areas the platform does not serve and
/// rows superseded by a later row for the same area, indicator and year are skipped, each with its reason.
/// </summary>
internal static class OfficialImport
{
    public const int MaxListed = 10_000;

    private static readonly Dictionary<string, string> KnownIndicators = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Employment rate"] = IndicatorIds.EmploymentRate,
        ["Gross median weekly pay"] = IndicatorIds.MedianWeeklyPay,
    };

    /// <summary>The platform id of an ONS indicator name: a mapped id, or a slug of the name.</summary>
    public static string IndicatorIdFor(string onsName) =>
        KnownIndicators.TryGetValue(onsName.Trim(), out var id) ? id : Slug(onsName);

    public static string Slug(string name)
    {
        var sb = new StringBuilder();
        foreach (var ch in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                sb.Append(ch);
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        var slug = sb.ToString().TrimEnd('-');
        return slug.Length > 80 ? slug[..80].TrimEnd('-') : slug;
    }

    public static string UnitFor(string unit, string measure) => unit switch
    {
        "%" => "percent",
        "£" => "GBP",
        "" => string.IsNullOrEmpty(measure) ? "" : measure.ToLowerInvariant(),
        _ => unit,
    };

    public static ImportPlan Plan(OnsParseResult parsed, AreaClassifier areas)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(areas);
        var errors = new List<ImportLineMessage>(parsed.Errors);
        var notKept = parsed.ErrorsNotKept;
        var skipped = new List<ImportLineMessage>();
        var accepted = new Dictionary<(string Area, string Indicator, int Year), (int Line, AreaKind Kind, OfficialObservation Observation)>();

        foreach (var row in parsed.Rows)
        {
            var rowErrors = new List<string>();
            var area = areas.Classify(row.AreaCode, row.AreaName);
            if (area.Kind == AreaKind.Unknown)
            {
                rowErrors.Add(area.Reason!);
            }

            var indicatorId = IndicatorIdFor(row.Indicator);
            if (indicatorId.Length == 0)
            {
                rowErrors.Add($"Indicator name '{row.Indicator}' is empty or has no letters or digits.");
            }

            if (!OnsCsv.TryYearOf(row.Period, out var year))
            {
                rowErrors.Add($"Period '{row.Period}' is neither a date (2023-04-01) nor an ISO interval (2022-04-01T00:00:00/P1Y).");
            }

            var status = row.Status.ToLowerInvariant();
            decimal value = 0;
            if (row.Observation.Length == 0)
            {
                if (status is not ("x" or "u"))
                {
                    rowErrors.Add("The observation is empty and the status does not say why (x = suppressed).");
                }
            }
            else if (!decimal.TryParse(row.Observation, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                rowErrors.Add($"Observation '{row.Observation}' is not a number.");
            }

            if (rowErrors.Count > 0)
            {
                foreach (var e in rowErrors)
                {
                    if (errors.Count < OnsCsv.MaxErrorsKept)
                    {
                        errors.Add(new ImportLineMessage(row.Line, e));
                    }
                    else
                    {
                        notKept++;
                    }
                }

                continue;
            }

            string? skip = area.Kind == AreaKind.NotOnPlatform ? area.Reason
                : status == "x" ? "Suppressed by ONS (status x)."
                : row.Observation.Length == 0 ? $"No value published (status {status}{(status == "u" ? ": low reliability" : "")})."
                : status is not ("" or "u") ? $"Unknown status '{row.Status}': only x (suppressed) and u (low reliability) are understood."
                : null;
            if (skip is not null)
            {
                skipped.Add(new(row.Line, skip));
                continue;
            }

            var observation = new OfficialObservation(indicatorId, year, value, UnitFor(row.Unit, row.Measure), row.Period,
                status == "u", $"ONS Explore local statistics: {row.Indicator.Trim()}");
            var key = (row.AreaCode, indicatorId, year);
            if (accepted.TryGetValue(key, out var earlier))
            {
                skipped.Add(new(earlier.Line, $"Superseded by line {row.Line} (same area, indicator and year {year})."));
            }

            accepted[key] = (row.Line, area.Kind, observation);
        }

        if (errors.Count > 0 || notKept > 0)
        {
            // All or nothing: a file with any error stores nothing; the skips are still reported.
            var rejected = new ImportReport(0, skipped.Count, Limit(errors.OrderBy(e => e.Line).ToList(), notKept),
                Limit(skipped.OrderBy(s => s.Line).ToList()), [], 0, errors.Count + notKept);
            return new ImportPlan(rejected, new Dictionary<string, List<OfficialObservation>>(), new Dictionary<string, List<OfficialObservation>>());
        }

        var localAuthorities = Group(accepted, AreaKind.LocalAuthority);
        var regions = Group(accepted, AreaKind.Region);
        var ok = new ImportReport(accepted.Count, skipped.Count, [], Limit(skipped.OrderBy(s => s.Line).ToList()),
            accepted.Keys.Select(k => k.Indicator).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            localAuthorities.Count + regions.Count);
        return new ImportPlan(ok, localAuthorities, regions);
    }

    private static Dictionary<string, List<OfficialObservation>> Group(
        Dictionary<(string Area, string Indicator, int Year), (int Line, AreaKind Kind, OfficialObservation Observation)> accepted, AreaKind kind) =>
        accepted.Where(a => a.Value.Kind == kind)
            .GroupBy(a => a.Key.Area, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Value.Observation).ToList(), StringComparer.Ordinal);

    /// <summary>At most <see cref="MaxListed"/> messages, then one line saying how many more (counted, not kept, included).</summary>
    private static List<ImportLineMessage> Limit(List<ImportLineMessage> messages, int notKept = 0)
    {
        if (messages.Count <= MaxListed && notKept == 0)
        {
            return messages;
        }

        var listed = messages.Take(MaxListed).ToList();
        var more = messages.Count - listed.Count + notKept;
        listed.Add(new(messages.Count > MaxListed ? messages[MaxListed].Line : messages[^1].Line, $"… and {more} more not listed."));
        return listed;
    }
}
