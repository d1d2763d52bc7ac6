using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Views;
using RegionalGoodWork.Taxonomy.Contracts;
using static RegionalGoodWork.Employers.Tests.TestData;

namespace RegionalGoodWork.Employers.Tests;

public sealed class ContributionsTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static Membership Member(string charterId, string? tier, MembershipStatus status = MembershipStatus.Active) =>
        new(charterId, 1, status, MembershipAssessment.None with { Tier = tier }, At, At, null, At);

    [Fact]
    public void Compute_SitesInTwoCouncils_OneContributionPerCouncilWithTheTotal()
    {
        var sites = new[] { new Site("E08000003", 30), new Site("E08000001", 10), new Site("E08000003", 20) };

        var result = Contributions.Compute("acme", 7, sites, [Member("gm-gec", "member")], new Dictionary<string, EvidenceRecord>());

        Assert.Equal(50, result["E08000003"].Headcount);
        Assert.Equal(10, result["E08000001"].Headcount);
        Assert.All(result.Values, c => Assert.Equal((60, 7L, true), (c.TotalHeadcount, c.Stamp, c.InAnyCharter)));
    }

    [Fact]
    public void Compute_OnlyActiveMembershipsWithATier_Count()
    {
        var memberships = new[] { Member("a", null), Member("b", "member", MembershipStatus.Withdrawn), Member("c", "supporter") };

        var result = Contributions.Compute("acme", 1, [new Site("E08000003", 5)], memberships, new Dictionary<string, EvidenceRecord>());

        Assert.Equal(["c:supporter"], result["E08000003"].Memberships.Select(m => $"{m.CharterId}:{m.Tier}"));
    }

    [Theory]
    [InlineData(true, 0, true)]
    [InlineData(false, 100, true)]
    [InlineData(false, 99.9, false)]
    public void Compute_RealLivingWage_FromAccreditationOrAllStaffPaid(bool accredited, double share, bool expected)
    {
        var current = new Dictionary<string, EvidenceRecord>
        {
            ["pay.rlw-accredited"] = Bool("pay.rlw-accredited", accredited, Today, Today.AddYears(1)),
            ["pay.share-staff-paid-rlw"] = Percent("pay.share-staff-paid-rlw", (decimal)share, Today, Today.AddYears(1)),
        };

        var result = Contributions.Compute("acme", 1, [new Site("E08000003", 5)], [], current);

        Assert.Equal(expected, result["E08000003"].RealLivingWageEmployer);
    }

    [Fact]
    public void Compute_OtherFacts_FromTheirKindsOrNullWhenNotReported()
    {
        var current = new Dictionary<string, EvidenceRecord>
        {
            ["flex.flexible-from-day-one"] = Bool("flex.flexible-from-day-one", true, Today, Today.AddYears(1)),
            ["equality.gender-pay-gap-median"] = Percent("equality.gender-pay-gap-median", -2.5m, Today, Today.AddYears(1)),
            ["learning.apprenticeship-starts"] = Item("learning.apprenticeship-starts", EvidenceValue.FromNumber(EvidenceType.Count, 4), Today, Today.AddYears(1)),
        };

        var c = Contributions.Compute("acme", 1, [new Site("E08000003", 5)], [], current)["E08000003"];

        Assert.Equal((true, (bool?)null, -2.5m, 4), (c.FlexibleFromDayOne!.Value, c.UnionRecognised, c.GenderPayGapMedian!.Value, c.ApprenticeshipStarts!.Value));
    }
}
