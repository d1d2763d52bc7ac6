using System.Globalization;
using System.Text;
using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Places.Indicators;

/// <summary>Indicator sets as CSV: one row per area and indicator; a suppressed value is empty with suppressed=true.</summary>
internal static class IndicatorCsv
{
    public const string Header = "area,area_name,year,indicator,value,unit,suppressed,basis_employers,source,principle,low_reliability,period";

    public static string Write(IEnumerable<IndicatorSet> sets)
    {
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var set in sets)
        {
            foreach (var i in set.Indicators)
            {
                string[] fields =
                [
                    set.Area, set.AreaName, set.Year.ToString(CultureInfo.InvariantCulture), i.Id,
                    i.Suppressed || i.Value is null ? "" : i.Value.Value.ToString(CultureInfo.InvariantCulture),
                    i.Unit, i.Suppressed ? "true" : "false",
                    i.Basis.Employers?.ToString(CultureInfo.InvariantCulture) ?? "", i.Source, i.Principle ?? "",
                    i.LowReliability ? "true" : "false", i.Period ?? "",
                ];
                sb.AppendJoin(',', fields.Select(Escape)).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
}
