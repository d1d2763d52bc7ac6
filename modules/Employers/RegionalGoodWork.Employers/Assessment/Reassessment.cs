using Microsoft.Extensions.Logging;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Review;

namespace RegionalGoodWork.Employers.Assessment;

/// <summary>Re-assessing an employer's memberships after a change (in memory; the grain writes the state once afterwards).</summary>
internal static class Reassessment
{
    /// <summary>
    /// Re-assesses every active membership against its version in <paramref name="definitions"/> (moving it to the
    /// version in <paramref name="newVersions"/> where there is one). True when any membership changed. A membership
    /// whose version could not be read keeps its last assessment rather than guess.
    /// </summary>
    public static bool Run(
        Dictionary<string, Membership> memberships,
        IReadOnlyDictionary<string, CharterVersion> definitions,
        IReadOnlyDictionary<string, CharterVersion> newVersions,
        IReadOnlyDictionary<string, EvidenceFact> facts,
        DateTimeOffset now,
        string employerId,
        ILogger logger,
        RateContext? rates = null,
        KindImplications? implications = null)
    {
        var changed = false;
        foreach (var membership in memberships.Values.Where(m => m.IsActive).ToList())
        {
            var moved = newVersions.GetValueOrDefault(membership.CharterId);
            if (definitions.GetValueOrDefault(membership.CharterId) is not { } version)
            {
                EmployersLog.VersionUnavailable(logger, employerId, membership.CharterId, membership.CharterVersion);
                continue;
            }

            // Under officer review the tier shown is the approved one; the review is kept up to date with the evidence.
            var (assessment, review) = OfficerReviews.Apply(version, Assessor.Assess(version, facts, rates, implications), membership.Review, facts, now,
                tierBeforeReview: membership.Review is null ? membership.Assessment.Tier : null);
            if (moved is null && assessment.SameAs(membership.Assessment) && (review is null ? membership.Review is null : review.SameAs(membership.Review)))
            {
                continue;
            }

            var tierMoved = assessment.Tier != membership.Assessment.Tier;
            memberships[membership.CharterId] = membership with
            {
                CharterVersion = version.Version,
                Assessment = assessment,
                Since = tierMoved ? now : membership.Since,
                AssessedAt = now,
                Review = review,
            };
            changed = true;
            if (tierMoved)
            {
                EmployersLog.TierMoved(logger, employerId, membership.CharterId, membership.Assessment.Tier, assessment.Tier);
            }
        }

        return changed;
    }

    /// <summary>The tier each active membership holds (null: none), by charter.</summary>
    public static Dictionary<string, string?> ActiveTiers(IEnumerable<Membership> memberships) =>
        memberships.Where(m => m.IsActive).ToDictionary(m => m.CharterId, m => m.Assessment.Tier, StringComparer.Ordinal);

    /// <summary>Every active membership's tier before (from <paramref name="before"/>) and now, by charter id.</summary>
    public static IReadOnlyList<TierMove> Moves(IEnumerable<Membership> memberships, Dictionary<string, string?> before) =>
        memberships
            .Where(m => m.IsActive)
            .OrderBy(m => m.CharterId, StringComparer.Ordinal)
            .Select(m => new TierMove(m.CharterId, before.GetValueOrDefault(m.CharterId), m.Assessment.Tier))
            .ToList();
}
