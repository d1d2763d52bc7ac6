using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Contributions;
using RegionalGoodWork.Places.Geography;
using RegionalGoodWork.Places.Indicators;
using RegionalGoodWork.Places.Official;

namespace RegionalGoodWork.Places.Tests;

public sealed class IndicatorOutputTests
{
    [Fact]
    public void Csv_SuppressedFigure_HasAnEmptyValueAndSuppressedTrue()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.Member("a", 10));
        var set = IndicatorCalculator.ForArea("E08000003", "Manchester", 2026, 2026, ledger.Totals, new OfficialSeries(), EmployerCounting.Distinct, 5);

        var lines = IndicatorCsv.Write([set]).Split('\n');

        Assert.Equal(IndicatorCsv.Header, lines[0]);
        Assert.Single(lines, l => l.StartsWith("E08000003,Manchester,2026,employees-covered,,employees,true,1,", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_ShownFigureAndOfficialValue_AreWrittenInvariantAndQuotedWhereNeeded()
    {
        var official = new OfficialSeries();
        official.Merge([new OfficialObservation(IndicatorIds.MedianWeeklyPay, 2023, 536.6m, "GBP", "2023-04-19", false, "ONS Explore local statistics: Gross median weekly pay")]);
        var set = IndicatorCalculator.ForArea("E06000023", "Bristol, City of", 2023, 2026, new ContributionTotals(), official, EmployerCounting.Distinct, 5);

        var csv = IndicatorCsv.Write([set]);

        Assert.Contains("E06000023,\"Bristol, City of\",2023,median-weekly-pay,536.6,GBP,false,,ONS Explore local statistics: Gross median weekly pay,fair-pay,false,2023-04-19", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void ForArea_AnotherYear_ServesOfficialFiguresOnlyAndSaysWhy()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.Member("a", 10));

        var set = IndicatorCalculator.ForArea("E08000003", "Manchester", 2025, 2026, ledger.Totals, new OfficialSeries(), EmployerCounting.Distinct, 0);

        Assert.Empty(set.Indicators);
        Assert.Contains("current year (2026)", set.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedGeography_HasGreaterManchesterLondonAndTheAttribution()
    {
        var geography = ShippedGeography.Shipped;

        var gm = geography.Regions.Single(r => r.Code == "E47000001");
        Assert.Equal(["E08000001", "E08000002", "E08000003", "E08000004", "E08000005", "E08000006", "E08000007", "E08000008", "E08000009", "E08000010"], gm.LocalAuthorities);
        Assert.Equal(33, geography.Regions.Single(r => r.Code == "E61000001").LocalAuthorities.Count);
        Assert.Equal("Manchester", geography.LocalAuthorities.Single(c => c.Code == "E08000003").Name);
        // Every current UK council (England 296, Scotland 32, Wales 22, Northern Ireland 11: the hexjson's 361 districts).
        Assert.Equal(361, geography.LocalAuthorities.Count);
        Assert.Equal(296, geography.LocalAuthorities.Count(c => c.Code.StartsWith('E')));
        Assert.Equal(geography.LocalAuthorities.Count, geography.LocalAuthorities.Select(c => c.Code).Distinct().Count());
        // 14 English regions (combined authorities, Greater London) and one per nation outside England.
        Assert.Equal(14, geography.Regions.Count(r => r.Code.StartsWith('E')));
        Assert.Equal([("N92000002", 11), ("S92000003", 32), ("W92000004", 22)],
            geography.Regions.Where(r => !r.Code.StartsWith('E')).Select(r => (r.Code, r.LocalAuthorities.Count)));
        Assert.All(geography.Regions, r => Assert.All(r.LocalAuthorities, c => Assert.Equal(r.Code[0], c[0])));
        Assert.DoesNotContain(geography.LocalAuthorities, c => geography.OtherAreas.ContainsKey(c.Code));
        Assert.Contains("mySociety", geography.Attribution, StringComparison.Ordinal);
        Assert.Contains("CC BY 4.0", geography.Attribution, StringComparison.Ordinal);
        Assert.Equal(geography.Regions.Sum(r => r.LocalAuthorities.Count), geography.Regions.SelectMany(r => r.LocalAuthorities).Distinct().Count());
    }
}
