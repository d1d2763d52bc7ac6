using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Assessment;
using RegionalGoodWork.Employers.Evidence;
using RegionalGoodWork.Employers.Review;

namespace RegionalGoodWork.Employers;

/// <summary>The employer as the source of a draft's impact (<see cref="IDraftImpactSource"/>, the Charters module's "impact before publishing").</summary>
internal sealed partial class EmployerGrain : IDraftImpactSource
{
    /// <summary>
    /// Assesses <paramref name="draft"/> as a re-assessment would assess the membership once the draft is published: the
    /// evidence in force today, the wage rates where the staff work (the rate in force today) and the taxonomy's
    /// implications, with the one evaluator. Reads only: nothing is written, no view is told.
    /// </summary>
    public async Task<DraftMemberAssessment?> AssessDraftAsync(CharterVersion draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (!S.Exists || S.Memberships.GetValueOrDefault(draft.CharterId) is not { IsActive: true } membership)
        {
            return null; // not a member: publishing would not move it
        }

        var rates = await RateContextAsync([draft], fresh: false);
        var implications = KindImplications.From(await catalogue.GetAsync());
        var facts = Assessor.Facts(CurrentEvidence.On(S.Evidence, Today));
        // The tier the membership would show: under officer review the approved one, as the re-assessment after the publish shows it.
        var (shown, _) = OfficerReviews.Apply(draft, Assessor.Assess(draft, facts, rates?.Context, implications), membership.Review, facts, Now,
            tierBeforeReview: membership.Review is null ? membership.Assessment.Tier : null);
        var tier = shown.Tier;
        var councils = S.Sites.Select(s => s.LocalAuthority).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new DraftMemberAssessment(membership.HeldTier, tier, councils);
    }
}
