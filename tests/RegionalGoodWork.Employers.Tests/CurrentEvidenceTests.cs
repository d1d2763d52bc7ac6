using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Evidence;
using static RegionalGoodWork.Employers.Tests.TestData;

namespace RegionalGoodWork.Employers.Tests;

public sealed class CurrentEvidenceTests
{
    private const string Share = "pay.share-staff-paid-rlw";

    [Fact]
    public void On_TwoSelfDeclaredItems_TheLaterEffectiveDateWins()
    {
        var older = Percent(Share, 80, Today.AddMonths(-2), Today.AddMonths(10));
        var newer = Percent(Share, 90, Today.AddMonths(-1), Today.AddMonths(11));

        var current = CurrentEvidence.On([newer, older], Today);

        Assert.Same(newer, current[Share]);
    }

    [Fact]
    public void On_CorrectionForTheSameDate_TheLaterSubmissionWins()
    {
        var first = Percent(Share, 80, Today, Today.AddMonths(12));
        var correction = Percent(Share, 85, Today, Today.AddMonths(12));

        var current = CurrentEvidence.On([first, correction], Today);

        Assert.Same(correction, current[Share]);
    }

    [Fact]
    public void On_BackdatedItemSubmittedLater_DoesNotReplaceANewerEffectiveItem()
    {
        var recent = Percent(Share, 95, Today.AddDays(-10), Today.AddMonths(11));
        var backdated = Percent(Share, 70, Today.AddMonths(-6), Today.AddMonths(6));

        var current = CurrentEvidence.On([recent, backdated], Today);

        Assert.Same(recent, current[Share]);
    }

    [Theory]
    [InlineData(EvidenceSource.PartnerVerified)]
    [InlineData(EvidenceSource.OfficerVerified)]
    public void On_VerifiedItemAndNewerSelfDeclaredItem_VerifiedOutranks(EvidenceSource verified)
    {
        var checkedItem = Percent(Share, 100, Today.AddMonths(-3), Today.AddMonths(9), verified);
        var claim = Percent(Share, 60, Today, Today.AddMonths(12));

        var current = CurrentEvidence.On([checkedItem, claim], Today);

        Assert.Same(checkedItem, current[Share]);
    }

    [Fact]
    public void On_VerifiedItemExpired_SelfDeclaredItemBecomesCurrent()
    {
        var checkedItem = Percent(Share, 100, Today.AddMonths(-12), Today, EvidenceSource.PartnerVerified);
        var claim = Percent(Share, 60, Today.AddMonths(-1), Today.AddMonths(11));

        var current = CurrentEvidence.On([checkedItem, claim], Today);

        Assert.Same(claim, current[Share]);
    }

    [Fact]
    public void On_ValidUntilIsExclusive_ItemStopsOnThatDay()
    {
        var item = Bool("pay.rlw-accredited", true, Today.AddMonths(-12), Today);

        Assert.True(CurrentEvidence.On([item], Today.AddDays(-1)).ContainsKey("pay.rlw-accredited"));
        Assert.False(CurrentEvidence.On([item], Today).ContainsKey("pay.rlw-accredited"));
    }

    [Fact]
    public void On_FutureEffectiveItem_IsNotYetCurrent()
    {
        var now = Percent(Share, 80, Today.AddMonths(-1), Today.AddMonths(11));
        var future = Percent(Share, 100, Today.AddDays(7), Today.AddMonths(12));

        Assert.Same(now, CurrentEvidence.On([now, future], Today)[Share]);
        Assert.Same(future, CurrentEvidence.On([now, future], Today.AddDays(7))[Share]);
    }

    [Fact]
    public void NextChange_IsTheEarliestStartOrEndAfterToday()
    {
        var items = new[]
        {
            Percent(Share, 80, Today.AddMonths(-13), Today.AddMonths(-1)),
            Percent(Share, 90, Today.AddMonths(-1), Today.AddMonths(11)),
            Bool("pay.rlw-accredited", true, Today.AddDays(20), Today.AddMonths(12)),
        };

        Assert.Equal(Today.AddDays(20), CurrentEvidence.NextChange(items, Today));
        Assert.Equal(Today.AddMonths(11), CurrentEvidence.NextChange(items, Today.AddDays(20)));
        Assert.Null(CurrentEvidence.NextChange(items, Today.AddMonths(12)));
    }
}
