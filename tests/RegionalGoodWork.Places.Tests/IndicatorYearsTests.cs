using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Contributions;
using RegionalGoodWork.Places.Indicators;

namespace RegionalGoodWork.Places.Tests;

public sealed class IndicatorYearsTests
{
    private static YearSnapshot Snapshot(int year, bool yearEnd, decimal value, int basis = 10) =>
        YearSnapshot.Take(year, yearEnd, new DateTimeOffset(year, 12, 31, 0, 0, 0, TimeSpan.Zero),
            [new Indicator(IndicatorIds.CharterEmployers, value, "employers", basis < 5, new IndicatorBasis(basis), IndicatorDefinitions.EmployerSource)]);

    [Fact]
    public void YearEndSnapshot_IsNeverReplaced_AnOnDemandOneIs()
    {
        var onDemand = IndicatorYears.None.With(Snapshot(2026, yearEnd: false, 3))!;
        var later = onDemand.With(Snapshot(2026, yearEnd: false, 4))!;
        var yearEnd = later.With(Snapshot(2026, yearEnd: true, 5))!;

        Assert.Equal(3m, onDemand.For(2026)!.Figures[0].Value); // copy on write: the earlier series is unchanged
        Assert.Equal(4m, later.For(2026)!.Figures[0].Value);
        Assert.Equal(5m, yearEnd.For(2026)!.Figures[0].Value);
        Assert.Null(yearEnd.With(Snapshot(2026, yearEnd: false, 6)));
        Assert.Null(yearEnd.With(Snapshot(2026, yearEnd: true, 7)));
    }

    [Fact]
    public void SuppressedFigure_IsKeptWithoutItsValue_AndServedSuppressed()
    {
        var snapshot = Snapshot(2026, yearEnd: true, 2, basis: 2);

        Assert.Null(snapshot.Figures[0].Value);
        var served = Assert.Single(snapshot.Indicators(minimumEmployers: 0));
        Assert.Equal((true, (decimal?)null, 2), (served.Suppressed, served.Value, served.Basis.Employers));
    }

    [Fact]
    public void PastYear_IsServedFromItsSnapshot_WithThresholdOfToday()
    {
        var years = IndicatorYears.None.With(Snapshot(2025, yearEnd: true, 6, basis: 6))!;

        var past = IndicatorCalculator.ForArea("E08000003", "Manchester", 2025, 2026, new(), new(), EmployerCounting.Distinct, 5, years);
        var stricter = IndicatorCalculator.ForArea("E08000003", "Manchester", 2025, 2026, new(), new(), EmployerCounting.Distinct, 10, years);
        var none = IndicatorCalculator.ForArea("E08000003", "Manchester", 2024, 2026, new(), new(), EmployerCounting.Distinct, 5, years);

        Assert.Equal(6m, Assert.Single(past.Indicators).Value);
        Assert.Contains("end of 2025", past.Indicators[0].Source, StringComparison.Ordinal);
        Assert.True(Assert.Single(stricter.Indicators).Suppressed);
        Assert.Empty(none.Indicators);
        Assert.Contains("No snapshot", none.Note, StringComparison.Ordinal);
    }
}
