using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Contributions;
using RegionalGoodWork.Places.Official;

namespace RegionalGoodWork.Places.Indicators;

/// <summary>Turns totals, yearly snapshots and official series into indicator sets, applying disclosure control.</summary>
internal static class IndicatorCalculator
{
    /// <summary>
    /// An area's set for <paramref name="year"/>: employer-derived figures live for the current year, from the area's
    /// snapshot of that year (<paramref name="years"/>) for a past one; official figures whenever imported.
    /// </summary>
    public static IndicatorSet ForArea(string code, string name, int year, int currentYear, ContributionTotals totals, OfficialSeries official,
        EmployerCounting counting, int minimumEmployers, IndicatorYears? years = null)
    {
        var indicators = new List<Indicator>();
        string? note = null;
        if (year == currentYear)
        {
            indicators.AddRange(EmployerDerived(totals, counting, minimumEmployers));
        }
        else if (year < currentYear && years?.For(year) is { } snapshot)
        {
            indicators.AddRange(snapshot.Indicators(minimumEmployers));
            if (!snapshot.YearEnd)
            {
                note = $"Employer-derived figures of {year} are the snapshot taken on {snapshot.TakenAt:yyyy-MM-dd}: none was taken at the year end.";
            }
        }
        else
        {
            note = year < currentYear
                ? $"No snapshot of employer-derived figures was taken for {year}: they are kept from each year end on, and served live for the current year ({currentYear})."
                : $"Employer-derived figures are served live for the current year ({currentYear}), and from the year-end snapshots for past years.";
        }

        indicators.AddRange(Official(official, year));
        return new IndicatorSet(code, name, year, indicators, note);
    }

    public static IEnumerable<Indicator> Official(OfficialSeries series, int year) =>
        series.ForYear(year).Select(o => new Indicator(o.IndicatorId, o.Value, o.Unit, false, new IndicatorBasis(null), o.Source,
            IndicatorDefinitions.Find(o.IndicatorId)?.Principle, o.LowReliability, o.Period));

    public static List<Indicator> EmployerDerived(ContributionTotals t, EmployerCounting counting, int minimumEmployers)
    {
        ArgumentNullException.ThrowIfNull(t);
        Indicator Figure(IndicatorDefinition definition, decimal? value, Tally basis, string? id = null)
        {
            var employers = counting.Employers(basis);
            var suppressed = employers < minimumEmployers;
            return new Indicator(id ?? definition.Id, suppressed ? null : value, definition.Unit!, suppressed, new IndicatorBasis(employers),
                IndicatorDefinitions.EmployerSource, definition.Principle);
        }

        static decimal? Share(long part, long whole) => whole <= 0 ? null : Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

        var charterEmployers = counting.Employers(t.CharterEmployers);
        var list = new List<Indicator>
        {
            Figure(IndicatorDefinitions.CharterEmployers, charterEmployers, t.CharterEmployers),
            Figure(IndicatorDefinitions.EmployeesCovered, t.EmployeesCovered, t.CharterEmployers),
            Figure(IndicatorDefinitions.ShareEmployeesAtRlwEmployers, Share(t.EmployeesAtRlwEmployers, t.EmployeesCovered), t.CharterEmployers),
            Figure(IndicatorDefinitions.ShareEmployeesFlexibleFromDayOne, Share(t.FlexibleHeadcount, t.FlexibleReportingHeadcount), t.FlexibleReporting),
            Figure(IndicatorDefinitions.ShareEmployeesUnionRecognised, Share(t.UnionRecognisedHeadcount, t.UnionReportingHeadcount), t.UnionReporting),
            Figure(IndicatorDefinitions.MedianGenderPayGapMembers, t.MedianGenderPayGap(counting), t.GenderPayGapReporting),
            Figure(IndicatorDefinitions.ApprenticeshipStartsPer1000Employees,
                t.ApprenticeshipReportingHeadcount <= 0 ? null
                    : Math.Round(1000m * t.ApprenticeshipStartsMicros / Tally.Micros / t.ApprenticeshipReportingHeadcount, 1, MidpointRounding.AwayFromZero),
                t.ApprenticeshipReporting),
            Figure(IndicatorDefinitions.ShareAwardedValueToMembers, Share(t.AwardedValueToMembersPence, t.AwardedValuePence), t.ContractSuppliers),
        };

        foreach (var (key, tally) in t.Members.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var (charterId, tier) = ContributionTotals.SplitMemberKey(key);
            list.Add(Figure(IndicatorDefinitions.Members, counting.Employers(tally), tally, IndicatorIds.Members(charterId, tier)));
        }

        return list;
    }
}
