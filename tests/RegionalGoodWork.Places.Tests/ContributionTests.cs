using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Contributions;
using RegionalGoodWork.Places.Indicators;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Places.Tests;

public sealed class ContributionTests
{
    private static decimal? Value(IEnumerable<Indicator> indicators, string id) => indicators.Single(i => i.Id == id).Value;

    private static List<Indicator> LocalAuthority(CouncilLedger ledger, int minimum = 0) =>
        IndicatorCalculator.EmployerDerived(ledger.Totals, EmployerCounting.Distinct, minimum);

    [Fact]
    public void Apply_MultiSiteEmployer_CountsInEachLocalAuthorityByItsHeadcountThere_AndOnceInTheRegion()
    {
        var manchester = new CouncilLedger();
        var salford = new CouncilLedger();
        manchester.Apply(Build.Member("acme", headcount: 60, totalHeadcount: 100));
        salford.Apply(Build.Member("acme", headcount: 40, totalHeadcount: 100));

        Assert.Equal((1m, 60m), (Value(LocalAuthority(manchester), IndicatorIds.CharterEmployers), Value(LocalAuthority(manchester), IndicatorIds.EmployeesCovered)));
        Assert.Equal((1m, 40m), (Value(LocalAuthority(salford), IndicatorIds.CharterEmployers), Value(LocalAuthority(salford), IndicatorIds.EmployeesCovered)));

        var region = IndicatorCalculator.EmployerDerived(ContributionTotals.Sum([manchester.Totals, salford.Totals]), EmployerCounting.Apportioned, 0);
        Assert.Equal((1m, 100m), (Value(region, IndicatorIds.CharterEmployers), Value(region, IndicatorIds.EmployeesCovered)));
    }

    [Fact]
    public void Apply_ShareAtRlwEmployers_IsWeightedByHeadcount()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.Member("big-rlw", 90, rlw: true));
        ledger.Apply(Build.Member("small", 10, rlw: false));

        Assert.Equal(90.0m, Value(LocalAuthority(ledger), IndicatorIds.ShareEmployeesAtRlwEmployers));
    }

    [Fact]
    public void Apply_FlexibleAndUnionShares_CountOnlyEmployersThatReported()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.Member("a", 30, flexible: true, union: false));
        ledger.Apply(Build.Member("b", 10, flexible: false));
        ledger.Apply(Build.Member("c", 60));

        var indicators = LocalAuthority(ledger);
        Assert.Equal(75.0m, Value(indicators, IndicatorIds.ShareEmployeesFlexibleFromDayOne));
        Assert.Equal(0.0m, Value(indicators, IndicatorIds.ShareEmployeesUnionRecognised));
        Assert.Equal(2, indicators.Single(i => i.Id == IndicatorIds.ShareEmployeesFlexibleFromDayOne).Basis.Employers);
    }

    [Fact]
    public void Apply_ApprenticeshipStarts_AreApportionedByHeadcountShare()
    {
        var ledger = new CouncilLedger();
        // 10 starts across 1,000 staff; 500 of them here → 5 starts here over 500 staff = 10 per 1,000.
        ledger.Apply(Build.Member("acme", headcount: 500, totalHeadcount: 1000, apprenticeships: 10));

        Assert.Equal(10.0m, Value(LocalAuthority(ledger), IndicatorIds.ApprenticeshipStartsPer1000Employees));
    }

    [Fact]
    public void Apply_TierChange_MovesTheEmployerBetweenMemberCounts()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.Member("acme", 50, stamp: 1, tier: "supporter"));
        ledger.Apply(Build.Member("acme", 50, stamp: 2, tier: "member"));

        var indicators = LocalAuthority(ledger);
        Assert.Equal(1m, Value(indicators, IndicatorIds.Members("gm-gec", "member")));
        Assert.DoesNotContain(indicators, i => i.Id == IndicatorIds.Members("gm-gec", "supporter"));
    }

    [Fact]
    public void ApplyBatch_CountsAppliedUnchangedAndStale_AndSaysWhetherTotalsMoved()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.Member("acme", 50, stamp: 5));

        var (result, totalsChanged) = ledger.ApplyBatch([
            Build.Member("acme", 50, stamp: 6),   // same figures, newer stamp: unchanged
            Build.Member("acme", 90, stamp: 4),   // older: stale
            Build.Member("bolt", 20, stamp: 1),   // new employer: applied
        ]);

        Assert.Equal(new ContributionBatchResult(1, 1, 1), result);
        Assert.True(totalsChanged);
        Assert.Equal(70, ledger.Totals.EmployeesCovered);
    }

    [Fact]
    public void ValidateBatch_NamesEachBadItemByItsIndex()
    {
        var errors = CouncilLedger.ValidateBatch([Build.Member("acme", 50, stamp: 1), Build.Member("bolt", 20, stamp: -1)]).ToDictionary();

        Assert.Equal(["[1].stamp"], errors.Keys);
    }

    [Fact]
    public void Apply_OlderOrEqualStamp_IsIgnored()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.Member("acme", 50, stamp: 5));

        Assert.Equal(ViewChange.Stale, ledger.Apply(Build.Member("acme", 80, stamp: 4)).Result);
        Assert.Equal(ViewChange.Stale, ledger.Apply(Build.Member("acme", 80, stamp: 5)).Result);
        Assert.Equal(50, ledger.Totals.EmployeesCovered);
    }

    [Fact]
    public void Apply_NewerStampSameFigures_RecordsTheStampWithoutMovingTotals()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.Member("acme", 50, stamp: 1));

        var change = ledger.Apply(Build.Member("acme", 50, stamp: 2));

        Assert.Equal((ViewChange.Unchanged, false), (change.Result, change.TotalsChanged));
        Assert.Equal(2, ledger.StampOf("acme"));
    }

    [Fact]
    public void Apply_RemovalThenALateOlderContribution_KeepsTheEmployerOut()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.Member("acme", 50, stamp: 1));
        ledger.Apply(EmployerContribution.Removal("acme", 3));

        var late = ledger.Apply(Build.Member("acme", 50, stamp: 2));

        Assert.Equal(ViewChange.Stale, late.Result);
        Assert.Equal(0, ledger.Totals.EmployeesCovered);
    }

    [Fact]
    public void ApplyThenRemove_ManyEmployers_LeavesTheTotalsExactlyEmpty()
    {
        var ledger = new CouncilLedger();
        for (var i = 0; i < 50; i++)
        {
            ledger.Apply(Build.Member($"e{i}", 7 + i, totalHeadcount: 3 * (7 + i), tier: i % 2 == 0 ? "member" : "supporter",
                rlw: i % 3 == 0, flexible: i % 4 == 0, union: i % 5 == 0 ? true : null, gap: i - 20.3m, apprenticeships: i));
        }

        for (var i = 0; i < 50; i++)
        {
            ledger.Apply(EmployerContribution.Removal($"e{i}", 2));
        }

        Assert.All(ledger.Totals.Measures().Values, v => Assert.Equal(0m, v));
        Assert.Empty(ledger.Totals.GenderPayGapBuckets);
        Assert.Empty(ledger.Totals.Members);
    }

    [Fact]
    public void Apply_EmployerInNoCharter_IsKeptButCountsInNoIndicator()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.NonMember("corner-shop", 12));

        Assert.Single(ledger.Contributions);
        Assert.All(ledger.Totals.Measures().Values, v => Assert.Equal(0m, v));
    }

    [Theory]
    [InlineData(new[] { 10.0, 12.0, 15.0 }, 12.25)]
    [InlineData(new[] { 10.0, 12.0 }, 11.25)]
    [InlineData(new[] { -3.2, -1.0, 4.9, 20.0, 7.5 }, 4.75)]
    [InlineData(new[] { 5.1, 5.2, 5.3, 30.0 }, 5.25)]
    public void MedianGenderPayGap_FromTheHistogram_IsTheMedianOfBucketCentres(double[] gaps, double median)
    {
        var ledger = new CouncilLedger();
        for (var i = 0; i < gaps.Length; i++)
        {
            ledger.Apply(Build.Member($"e{i}", 10, gap: (decimal)gaps[i]));
        }

        Assert.Equal((decimal)median, ledger.Totals.MedianGenderPayGap(EmployerCounting.Distinct));
    }

    [Fact]
    public void MedianGenderPayGap_InARegion_WeighsAnEmployerByItsShareThere()
    {
        var inRegion = new CouncilLedger();
        inRegion.Apply(Build.Member("a", 100, gap: 10m));
        // Only a tenth of b and of c works in the region: they move the region's median far less than whole employers would.
        inRegion.Apply(Build.Member("b", 10, totalHeadcount: 100, gap: 20m));
        inRegion.Apply(Build.Member("c", 10, totalHeadcount: 100, gap: 30m));

        Assert.Equal(20.25m, inRegion.Totals.MedianGenderPayGap(EmployerCounting.Distinct));
        Assert.Equal(10.25m, inRegion.Totals.MedianGenderPayGap(EmployerCounting.Apportioned));
    }

    [Fact]
    public void EmployerDerived_BelowTheMinimum_IsSuppressedWithNullValue()
    {
        var ledger = new CouncilLedger();
        for (var i = 0; i < 4; i++)
        {
            ledger.Apply(Build.Member($"e{i}", 10, rlw: true));
        }

        var four = LocalAuthority(ledger, minimum: 5).Single(i => i.Id == IndicatorIds.EmployeesCovered);
        ledger.Apply(Build.Member("e4", 10, rlw: true));
        var five = LocalAuthority(ledger, minimum: 5).Single(i => i.Id == IndicatorIds.EmployeesCovered);

        Assert.Equal((true, (decimal?)null, 4), (four.Suppressed, four.Value, four.Basis.Employers));
        Assert.Equal((false, (decimal?)50m, 5), (five.Suppressed, five.Value, five.Basis.Employers));
    }

    [Fact]
    public void EmployerDerived_EachFigure_IsSuppressedOnItsOwnBasis()
    {
        var ledger = new CouncilLedger();
        for (var i = 0; i < 6; i++)
        {
            ledger.Apply(Build.Member($"e{i}", 10, gap: i < 2 ? 5m : null));
        }

        var indicators = LocalAuthority(ledger, minimum: 5);
        Assert.False(indicators.Single(i => i.Id == IndicatorIds.CharterEmployers).Suppressed);
        Assert.True(indicators.Single(i => i.Id == IndicatorIds.MedianGenderPayGapMembers).Suppressed);
        Assert.Null(Value(indicators, IndicatorIds.MedianGenderPayGapMembers));
    }

    [Fact]
    public void Validate_ImpossibleFigures_AreAllReported()
    {
        var bad = new EmployerContribution("acme", -1, -5, 0, false, [new CharterTier("GM GEC", "")], false, null, null, 5000m, -2);

        var errors = CouncilLedger.Validate(bad).ToDictionary();

        Assert.Equal(
            ["apprenticeshipStarts", "genderPayGapMedian", "headcount", "inAnyCharter", "memberships[0].charterId", "memberships[0].tier", "stamp"],
            errors.Keys.Order(StringComparer.Ordinal));
    }
}
