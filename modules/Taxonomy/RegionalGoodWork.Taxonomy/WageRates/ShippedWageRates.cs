using System.Globalization;
using System.Text;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Taxonomy.WageRates;

/// <summary>
/// The rates shipped with the platform: the embedded copies of shared/data/wage_rates (see <c>WageRates/README.md</c>).
/// The real Living Wage: one row per announcement, announced on the first of its month (the files give the month
/// only), paid by <c>implement_by</c>, or by 1 May of the following year where the file gives none (the Living Wage
/// Foundation's convention). The National Living Wage: the headline adult rate, as <c>rates.uk</c>, London null (one
/// statutory rate for the whole UK); announced and paid from <c>effective_from</c> (the file gives no announcement
/// date); rows where only the youth rates moved are left out. A bad file fails the silo's start.
/// </summary>
internal static class ShippedWageRates
{
    private static readonly Lazy<IReadOnlyList<WageRate>> Loaded = new(Load);

    public static IReadOnlyList<WageRate> Value => Loaded.Value;

    /// <summary>Pay-by date when an announcement gives none: the real Living Wage is paid by 1 May after an autumn announcement; the NLW from 1 April.</summary>
    public static DateOnly DefaultPayBy(string scheme, DateOnly announcedOn) =>
        scheme == WageRateSchemes.NationalLivingWage
            ? new DateOnly(announcedOn.Month < 4 ? announcedOn.Year : announcedOn.Year + 1, 4, 1)
            : new DateOnly(announcedOn.Month < 5 ? announcedOn.Year : announcedOn.Year + 1, 5, 1);

    internal static IReadOnlyList<WageRate> Load()
    {
        var rates = new List<WageRate>();
        rates.AddRange(RealLivingWage(Read("real_living_wage_rates_compiled.csv")));
        rates.AddRange(NationalLivingWage(Read("national_living_wage_rates_compiled.csv")));
        return WageRateTable.Order(rates);
    }

    private static IEnumerable<WageRate> RealLivingWage(List<Dictionary<string, string>> rows)
    {
        foreach (var row in rows)
        {
            var announced = new DateOnly(Int(row, "announced_year"), Int(row, "announced_month"), 1);
            var payBy = row["implement_by"] is { Length: > 0 } given ? DateOnly.ParseExact(given, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DefaultPayBy(WageRateSchemes.RealLivingWage, announced);
            yield return new WageRate(WageRateSchemes.RealLivingWage, announced, payBy,
                new WageRateAmounts(Money(row, "uk_rate_gbp"), Money(row, "london_rate_gbp")),
                new WageRateSource(row["source_url"], row["source_note"]), Shipped: true);
        }
    }

    private static IEnumerable<WageRate> NationalLivingWage(List<Dictionary<string, string>> rows)
    {
        decimal? previous = null;
        foreach (var row in rows)
        {
            var rate = Money(row, "nlw_rate_gbp");
            if (rate == previous)
            {
                continue; // only the youth rates moved
            }

            previous = rate;
            var from = DateOnly.ParseExact(row["effective_from"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            yield return new WageRate(WageRateSchemes.NationalLivingWage, from, from, new WageRateAmounts(rate, null),
                new WageRateSource(null, row["source"]), Shipped: true);
        }
    }

    private static int Int(Dictionary<string, string> row, string column) => int.Parse(row[column], NumberStyles.None, CultureInfo.InvariantCulture);

    private static decimal Money(Dictionary<string, string> row, string column) => decimal.Parse(row[column], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static List<Dictionary<string, string>> Read(string name)
    {
        using var stream = typeof(ShippedWageRates).Assembly.GetManifestResourceStream("wage-rates/" + name)
                           ?? throw new InvalidOperationException($"The embedded wage-rates/{name} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var records = Csv(reader.ReadToEnd());
        var header = records[0];
        return records.Skip(1).Where(r => r.Count > 1 || r[0].Length > 0).Select((r, i) => r.Count == header.Count
                ? header.Zip(r).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)
                : throw new InvalidOperationException($"wage-rates/{name} line {i + 2}: {r.Count} fields, expected {header.Count}."))
            .ToList();
    }

    /// <summary>RFC 4180 records: fields split by commas, quoted fields may hold commas and doubled quotes.</summary>
    private static List<List<string>> Csv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                record.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new InvalidOperationException("An unclosed quote in a shipped wage-rates file.");
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }
}
