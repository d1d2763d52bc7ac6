using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Contributions;
using RegionalGoodWork.Places.Official;

namespace RegionalGoodWork.Places.Indicators;

/// <summary>Turns totals and official series into indicator sets, applying disclosure control.</summary>
internal static class IndicatorCalculator
{
    public const string EmployerSource = "RegionalGoodWork charter employers (current snapshot)";

    /// <summary>The principle each indicator speaks to (null: context, not a quality).</summary>
    public static readonly IReadOnlyDictionary<string, string> Principles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [IndicatorIds.ShareEmployeesAtRlwEmployers] = "fair-pay",
        [IndicatorIds.ShareEmployeesFlexibleFromDayOne] = "autonomy",
        [IndicatorIds.ShareEmployeesUnionRecognised] = "participation",
        [IndicatorIds.MedianGenderPayGapMembers] = "equality",
        [IndicatorIds.ApprenticeshipStartsPer1000Employees] = "learning",
        [IndicatorIds.EmploymentRate] = "access",
        ["economically-inactive"] = "access",
        [IndicatorIds.MedianWeeklyPay] = "fair-pay",
    };

    public static IndicatorSet ForArea(string code, string name, int year, int currentYear, ContributionTotals totals, OfficialSeries official,
        EmployerCounting counting, int minimumEmployers)
    {
        var indicators = new List<Indicator>();
        string? note = null;
        if (year == currentYear)
        {
            indicators.AddRange(EmployerDerived(totals, counting, minimumEmployers));
        }
        else
        {
            note = $"Employer-derived indicators are a current snapshot, served for the current year ({currentYear}) only.";
        }

        indicators.AddRange(Official(official, year));
        return new IndicatorSet(code, name, year, indicators, note);
    }

    public static IEnumerable<Indicator> Official(OfficialSeries series, int year) =>
        series.ForYear(year).Select(o => new Indicator(o.IndicatorId, o.Value, o.Unit, false, new IndicatorBasis(null), o.Source,
            Principles.GetValueOrDefault(o.IndicatorId), o.LowReliability, o.Period));

    public static List<Indicator> EmployerDerived(ContributionTotals t, EmployerCounting counting, int minimumEmployers)
    {
        ArgumentNullException.ThrowIfNull(t);
        Indicator Figure(string id, decimal? value, string unit, Tally basis)
        {
            var employers = counting.Employers(basis);
            var suppressed = employers < minimumEmployers;
            return new Indicator(id, suppressed ? null : value, unit, suppressed, new IndicatorBasis(employers), EmployerSource, Principles.GetValueOrDefault(id));
        }

        static decimal? Share(long part, long whole) => whole <= 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

        var charterEmployers = counting.Employers(t.CharterEmployers);
        var list = new List<Indicator>
        {
            Figure(IndicatorIds.CharterEmployers, charterEmployers, "employers", t.CharterEmployers),
            Figure(IndicatorIds.EmployeesCovered, t.EmployeesCovered, "employees", t.CharterEmployers),
            Figure(IndicatorIds.ShareEmployeesAtRlwEmployers, Share(t.EmployeesAtRlwEmployers, t.EmployeesCovered), "percent", t.CharterEmployers),
            Figure(IndicatorIds.ShareEmployeesFlexibleFromDayOne, Share(t.FlexibleHeadcount, t.FlexibleReportingHeadcount), "percent", t.FlexibleReporting),
            Figure(IndicatorIds.ShareEmployeesUnionRecognised, Share(t.UnionRecognisedHeadcount, t.UnionReportingHeadcount), "percent", t.UnionReporting),
            Figure(IndicatorIds.MedianGenderPayGapMembers, t.MedianGenderPayGap(counting), "percent", t.GenderPayGapReporting),
            Figure(IndicatorIds.ApprenticeshipStartsPer1000Employees,
                t.ApprenticeshipReportingHeadcount <= 0 ? null
                    : Math.Round(1000m * t.ApprenticeshipStartsMicros / Tally.Micros / t.ApprenticeshipReportingHeadcount, 1, MidpointRounding.AwayFromZero),
                "per 1000 employees", t.ApprenticeshipReporting),
        };

        foreach (var (key, tally) in t.Members.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var (charterId, tier) = ContributionTotals.SplitMemberKey(key);
            list.Add(Figure(IndicatorIds.Members(charterId, tier), counting.Employers(tally), "employers", tally));
        }

        return list;
    }
}
