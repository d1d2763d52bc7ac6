using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Indicators;

namespace RegionalGoodWork.Places.Tests;

public sealed class IndicatorDefinitionsTests
{
    [Fact]
    public void All_IdsAreUnique_AndEveryScoredIndicatorHasAPrinciple()
    {
        Assert.Equal(IndicatorDefinitions.All.Count, IndicatorDefinitions.All.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(IndicatorDefinitions.All.Where(d => d.Scored), d => Assert.False(string.IsNullOrEmpty(d.Principle), d.Id));
    }

    [Fact]
    public void All_EmployerDerivedHaveAUnit_OfficialTakeTheImportedOne()
    {
        Assert.All(IndicatorDefinitions.All, d => Assert.Equal(!d.Official, d.Unit is not null));
    }

    [Fact]
    public void EvidenceKinds_EveryKindTheContributionReads_FeedsAnIndicator()
    {
        var read = IndicatorDefinitions.All.SelectMany(d => d.EvidenceKinds).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(IndicatorEvidenceKinds.All.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GoodWorkIndex_ComponentsAreTheScoredEntriesOfTheTable()
    {
        Assert.Equal(
            [
                IndicatorIds.ApprenticeshipStartsPer1000Employees, IndicatorIds.EconomicallyInactive, IndicatorIds.EmploymentRate,
                IndicatorIds.MedianGenderPayGapMembers, IndicatorIds.MedianWeeklyPay, IndicatorIds.ShareEmployeesAtRlwEmployers,
                IndicatorIds.ShareEmployeesFlexibleFromDayOne, IndicatorIds.ShareEmployeesUnionRecognised,
            ],
            GoodWorkIndex.Components.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(IndicatorIds.EconomicallyInactive, 30, -30)]
    [InlineData(IndicatorIds.MedianGenderPayGapMembers, -4, -4)]
    [InlineData(IndicatorIds.MedianGenderPayGapMembers, 4, -4)]
    [InlineData(IndicatorIds.EmploymentRate, 70, 70)]
    public void Orient_HigherIsBetterAfterOrientation(string id, double value, double expected)
    {
        Assert.Equal(expected, IndicatorDefinitions.Find(id)!.Orient((decimal)value));
    }

    [Fact]
    public void Find_MembersFamily_AndUnknownOfficialSlug()
    {
        Assert.Same(IndicatorDefinitions.Members, IndicatorDefinitions.Find(IndicatorIds.Members("gm-gec", "member")));
        Assert.Null(IndicatorDefinitions.Find("claimant-count"));
    }
}
