using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using EmployerEvidenceRequest = RegionalGoodWork.Employers.Contracts.EvidenceRequest;

namespace RegionalGoodWork.Employers.Assessment;

/// <summary>
/// Assesses memberships with the Charters module's pure evaluator against the current evidence (pure), and turns the
/// assessments of every membership into the employer's evidence requests.
/// </summary>
internal static class Assessor
{
    /// <summary>The facts the evaluator reads: each kind's current value and the item it comes from.</summary>
    public static IReadOnlyDictionary<string, EvidenceFact> Facts(IReadOnlyDictionary<string, EvidenceRecord> current) =>
        current.ToDictionary(e => e.Key, e => new EvidenceFact(e.Value.Value, e.Value.Id, e.Value.EffectiveFrom), StringComparer.Ordinal);

    /// <summary>
    /// One membership assessed. With <paramref name="implications"/> (the taxonomy's), a requirement is met by evidence that
    /// implies it (accreditation for "all staff paid the real Living Wage"), and what is implied is not asked for.
    /// </summary>
    public static MembershipAssessment Assess(CharterVersion version, IReadOnlyDictionary<string, EvidenceFact> facts, RateContext? rates = null,
        KindImplications? implications = null)
    {
        ArgumentNullException.ThrowIfNull(version);
        var result = CharterEvaluator.Assess(version, facts, rates, implications);
        var evidence = result.Requirements
            .Where(r => r.Met)
            .ToDictionary(r => r.RequirementId, r => (IReadOnlyList<string>)r.EvidenceItemIds.ToList(), StringComparer.Ordinal);
        var needs = CharterEvaluator.NextTierRequests(version, result, facts, rates, implications)
            .GroupBy(r => (r.RequirementId, r.Tier))
            .Select(g => new RequirementNeed(g.Key.RequirementId, g.Key.Tier, g.Select(r => r.Kind).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        return new MembershipAssessment(result.Tier, result.NextTier, result.Met, result.Missing, evidence, needs);
    }

    /// <summary>
    /// The evidence still needed for the next tier of every active membership: each kind once, with every requirement
    /// it would advance; most requirements advanced first, then by kind id.
    /// </summary>
    public static IReadOnlyList<EmployerEvidenceRequest> Requests(IEnumerable<Membership> memberships) =>
        memberships
            .Where(m => m.IsActive)
            .SelectMany(m => m.Assessment.Needs.SelectMany(n => n.Kinds.Select(k => (Kind: k, Advance: new RequirementAdvance(m.CharterId, n.RequirementId, n.Tier)))))
            .GroupBy(x => x.Kind, StringComparer.Ordinal)
            .Select(g => new EmployerEvidenceRequest(g.Key, g.Select(x => x.Advance)
                .DistinctBy(a => (a.CharterId, a.RequirementId))
                .OrderBy(a => a.CharterId, StringComparer.Ordinal)
                .ThenBy(a => a.RequirementId, StringComparer.Ordinal)
                .ToList()))
            .OrderByDescending(r => r.Advances.Count)
            .ThenBy(r => r.Kind, StringComparer.Ordinal)
            .ToList();
}
