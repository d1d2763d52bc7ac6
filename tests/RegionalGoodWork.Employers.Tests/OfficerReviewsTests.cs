using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Assessment;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Review;
using static RegionalGoodWork.Employers.Tests.TestData;

namespace RegionalGoodWork.Employers.Tests;

/// <summary>The officer review rules (pure): the tier shown, the application, and why a review is due.</summary>
public sealed class OfficerReviewsTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly CharterVersion Reviewed = new("r", 1, new CharterDefinition("R", "E47000001", ["supporter", "member"],
    [
        new Requirement("forum", "Forum", "supporter", "participation", Rule.Eq("voice.employee-forum", true)),
        new Requirement("rlw", "RLW", "member", "fair-pay", Rule.Eq("pay.rlw-accredited", true)),
    ], Review: CharterDefinition.OfficerReview), At);

    private static (MembershipAssessment Shown, ReviewState? Review) Apply(ReviewState? held, params EvidenceRecord[] items)
    {
        var facts = Assessor.Facts(items.ToDictionary(i => i.Kind, i => i));
        return OfficerReviews.Apply(Reviewed, Assessor.Assess(Reviewed, facts), held, facts, At);
    }

    [Fact]
    public void AnApprovedItemNoLongerInForce_MakesTheReviewDue_AndTheLowerTierIsShown()
    {
        var forum = Bool("voice.employee-forum", true, Today, Today.AddYears(1));
        var rlw = Bool("pay.rlw-accredited", true, Today, Today.AddYears(1));
        var (_, waiting) = Apply(null, forum, rlw);
        Assert.Equal("member", waiting!.Pending!.Tier);
        var approved = OfficerReviews.Decide(waiting, ApplicationVerdict.Approved, null, "officer", At, [forum, rlw]);

        // The accreditation lapses (no current item of its kind): the evidence reaches supporter only.
        var (shown, review) = Apply(approved, forum);

        Assert.Equal(("supporter", "member"), (shown.Tier, shown.NextTier));
        Assert.Equal([$"{rlw.Id} (pay.rlw-accredited) is no longer in force"], review!.Reasons);
        Assert.Equal("due", review.ToView().Status);
        Assert.Equal("supporter", review.Pending!.Tier);
    }

    [Fact]
    public void ARejectedApplication_IsNotMadeAgainOnTheSameEvidence_NorIsTheTierShown()
    {
        var forum = Bool("voice.employee-forum", true, Today, Today.AddYears(1));
        var (_, waiting) = Apply(null, forum);
        var rejected = OfficerReviews.Decide(waiting!, ApplicationVerdict.Rejected, "no minutes", "officer", At, [forum]);

        var (shown, review) = Apply(rejected, forum);

        Assert.Null(shown.Tier);
        Assert.Null(review!.Pending);
        Assert.Equal("no minutes", review.Rejection!.Note);
    }

    [Fact]
    public void ACharterNotUnderReview_ShowsTheAssessedTier_AndKeepsNoReview()
    {
        var plain = Reviewed with { Definition = Reviewed.Definition with { Review = null } };
        var forum = Bool("voice.employee-forum", true, Today, Today.AddYears(1));
        var facts = Assessor.Facts(new Dictionary<string, EvidenceRecord> { [forum.Kind] = forum });

        var (shown, review) = OfficerReviews.Apply(plain, Assessor.Assess(plain, facts), null, facts, At);

        Assert.Equal("supporter", shown.Tier);
        Assert.Null(review);
    }
}
