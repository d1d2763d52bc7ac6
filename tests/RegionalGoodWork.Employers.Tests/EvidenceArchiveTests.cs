using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Evidence;
using static RegionalGoodWork.Employers.Tests.TestData;

namespace RegionalGoodWork.Employers.Tests;

/// <summary>Which items may leave an employer's state for the archive: only those that can never count again.</summary>
public sealed class EvidenceArchiveTests
{
    private const string Share = "pay.share-staff-paid-rlw";

    [Fact]
    public void Superseded_AnItemReplacedByANewerOneCoveringItsRemainingDays()
    {
        var older = Percent(Share, 80, Today.AddMonths(-2), Today.AddMonths(10));
        var newer = Percent(Share, 90, Today, Today.AddMonths(12));

        Assert.Equal([older], EvidenceArchive.Superseded([older, newer], Today));
    }

    [Fact]
    public void Superseded_NeverTheCurrentItemNorOneThatOutlastsItsReplacement()
    {
        // The newer item stops before the older one does: from then on the older one counts again.
        var older = Percent(Share, 80, Today.AddMonths(-2), Today.AddMonths(10));
        var shorter = Percent(Share, 90, Today, Today.AddMonths(6));

        Assert.Empty(EvidenceArchive.Superseded([older, shorter], Today));
    }

    [Fact]
    public void Superseded_NotAVerifiedItemByANewerSelfDeclaredOne()
    {
        var verified = Percent(Share, 100, Today.AddMonths(-1), Today.AddMonths(11), EvidenceSource.PartnerVerified);
        var claim = Percent(Share, 60, Today, Today.AddMonths(11));

        // The claim is outranked by the verified item over all its days; the verified item is not touched.
        Assert.Equal([claim], EvidenceArchive.Superseded([verified, claim], Today));
    }

    [Fact]
    public void Superseded_AnItemNotYetInForceCountsFromItsFirstDay()
    {
        var current = Percent(Share, 80, Today.AddMonths(-1), Today.AddMonths(11));
        var future = Percent(Share, 90, Today.AddMonths(1), Today.AddMonths(13));

        // The future item replaces the current one only from next month: until then the current one counts.
        Assert.Empty(EvidenceArchive.Superseded([current, future], Today));
    }

    [Fact]
    public void Superseded_AnItemNoLongerInForce()
    {
        var lapsed = Bool("flex.flexible-from-day-one", true, Today.AddMonths(-13), Today.AddMonths(-1));
        var current = Bool("voice.recognised-union", true, Today.AddMonths(-1), Today.AddMonths(11));

        Assert.Equal([lapsed], EvidenceArchive.Superseded([lapsed, current], Today));
    }
}
