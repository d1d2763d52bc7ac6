using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Places.Tests;

public sealed class EmployerContributionsTests
{
    private static readonly Dictionary<string, EvidenceValue> NoEvidence = new(StringComparer.Ordinal);

    private static Dictionary<string, EmployerContribution> Compute(
        (string, int)[] sites, (string, string?)[] memberships, IReadOnlyDictionary<string, EvidenceValue> evidence, long stamp = 1) =>
        EmployerContributions.Compute("acme", stamp, sites, memberships, evidence);

    [Fact]
    public void Compute_SitesInTwoLocalAuthorities_OneContributionPerLocalAuthorityWithTheTotal()
    {
        var result = Compute([("E08000003", 30), ("E08000001", 10), ("E08000003", 20)], [("gm-gec", "member")], NoEvidence, stamp: 7);

        Assert.Equal(50, result["E08000003"].Headcount);
        Assert.Equal(10, result["E08000001"].Headcount);
        Assert.All(result.Values, c => Assert.Equal((60, 7L, true), (c.TotalHeadcount, c.Stamp, c.InAnyCharter)));
    }

    [Fact]
    public void Compute_OnlyMembershipsHoldingATier_Count_InCharterOrder()
    {
        var result = Compute([("E08000003", 5)], [("d", "member"), ("a", null), ("b", null), ("c", "supporter")], NoEvidence);

        Assert.Equal(["c:supporter", "d:member"], result["E08000003"].Memberships.Select(m => $"{m.CharterId}:{m.Tier}"));
    }

    [Fact]
    public void Compute_NoTierHeld_NotInAnyCharter()
    {
        var c = Compute([("E08000003", 5)], [("a", null)], NoEvidence)["E08000003"];

        Assert.False(c.InAnyCharter);
        Assert.Empty(c.Memberships);
    }

    [Fact]
    public void Compute_NoSites_NoContributions()
    {
        Assert.Empty(Compute([], [("gm-gec", "member")], NoEvidence));
    }

    [Theory]
    [InlineData(true, 0, true)]
    [InlineData(false, 100, true)]
    [InlineData(false, 99.9, false)]
    public void Compute_RealLivingWage_FromAccreditationOrAllStaffPaid(bool accredited, double share, bool expected)
    {
        var evidence = new Dictionary<string, EvidenceValue>(StringComparer.Ordinal)
        {
            [IndicatorEvidenceKinds.RlwAccredited] = EvidenceValue.FromBool(accredited),
            [IndicatorEvidenceKinds.ShareStaffPaidRlw] = EvidenceValue.FromNumber(EvidenceType.Percent, (decimal)share),
        };

        var result = Compute([("E08000003", 5)], [], evidence);

        Assert.Equal(expected, result["E08000003"].RealLivingWageEmployer);
    }

    [Fact]
    public void Compute_OtherFacts_FromTheirKindsOrNullWhenNotReported()
    {
        var evidence = new Dictionary<string, EvidenceValue>(StringComparer.Ordinal)
        {
            ["flex.flexible-from-day-one"] = EvidenceValue.FromBool(true),
            ["equality.gender-pay-gap-median"] = EvidenceValue.FromNumber(EvidenceType.Percent, -2.5m),
            ["learning.apprenticeship-starts"] = EvidenceValue.FromNumber(EvidenceType.Count, 4),
        };

        var c = Compute([("E08000003", 5)], [], evidence)["E08000003"];

        Assert.Equal((true, (bool?)null, -2.5m, 4), (c.FlexibleFromDayOne!.Value, c.UnionRecognised, c.GenderPayGapMedian!.Value, c.ApprenticeshipStarts!.Value));
    }
}
