using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Contributions;
using RegionalGoodWork.Places.Indicators;

namespace RegionalGoodWork.Places.Tests;

/// <summary>The share of public contract value going to charter members: suppliers counted members or not, apportioned by headcount.</summary>
public sealed class AwardedValueTests
{
    private static Indicator Share(ContributionTotals totals, EmployerCounting counting, int minimum) =>
        IndicatorCalculator.EmployerDerived(totals, counting, minimum).Single(i => i.Id == IndicatorIds.ShareAwardedValueToMembers);

    [Fact]
    public void Share_CountsNonMemberSuppliers_InTheWholeAndTheBasis_ButOnlyMembersInThePart()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.Member("member", 10) with { AwardedValue = 300_000m });
        ledger.Apply(Build.NonMember("other", 10) with { AwardedValue = 100_000m });
        ledger.Apply(Build.NonMember("no-contracts", 10));

        var share = Share(ledger.Totals, EmployerCounting.Distinct, 0);

        Assert.Equal(75.0m, share.Value);
        Assert.Equal(2, share.Basis.Employers);
    }

    [Fact]
    public void Share_BelowTheThreshold_IsSuppressed_NotZero()
    {
        var ledger = new CouncilLedger();
        ledger.Apply(Build.NonMember("other", 10) with { AwardedValue = 100_000m });

        var share = Share(ledger.Totals, EmployerCounting.Distinct, 5);

        Assert.True(share.Suppressed);
        Assert.Null(share.Value);
    }

    [Fact]
    public void AwardedValue_IsApportionedByHeadcount_AndTakingItAwayLeavesNothing()
    {
        var here = new CouncilLedger();
        var there = new CouncilLedger();
        here.Apply(Build.Member("split", headcount: 25, totalHeadcount: 100) with { AwardedValue = 1_000m });
        there.Apply(Build.Member("split", headcount: 75, totalHeadcount: 100) with { AwardedValue = 1_000m });
        here.Apply(Build.NonMember("other", 10) with { AwardedValue = 750m });

        Assert.Equal(25_000, here.Totals.AwardedValueToMembersPence); // £250 of the member's £1,000
        Assert.Equal(25.0m, Share(here.Totals, EmployerCounting.Distinct, 0).Value); // £250 of £1,000 here
        var region = ContributionTotals.Sum([here.Totals, there.Totals]);
        Assert.Equal(2, Share(region, EmployerCounting.Apportioned, 0).Basis.Employers);

        here.Apply(EmployerContribution.Removal("split", 2));
        here.Apply(EmployerContribution.Removal("other", 2));
        Assert.Equal((0L, 0L, 0), (here.Totals.AwardedValuePence, here.Totals.AwardedValueToMembersPence, here.Totals.ContractSuppliers.Count));
    }
}
