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
        var due = CharterEvaluator.DueBy(version, result, facts, rates)
            .Select(d => new RequirementDue(d.RequirementId, d.Kind, d.Date, d.Rate))
            .Distinct()
            .OrderBy(d => d.Date).ThenBy(d => d.RequirementId, StringComparer.Ordinal).ThenBy(d => d.Kind, StringComparer.Ordinal)
            .ToList();
        return new MembershipAssessment(result.Tier, result.NextTier, result.Met, result.Missing, evidence, needs, due);
    }

    /// <summary>
    /// The evidence still needed for the next tier of every active membership: each kind once, with every requirement
    /// it would advance, and every requirement met today it must be reported again for by an announced rate's pay-by date;
    /// most requirements advanced or kept first, then by kind id.
    /// </summary>
    public static IReadOnlyList<EmployerEvidenceRequest> Requests(IEnumerable<Membership> memberships)
    {
        var active = memberships.Where(m => m.IsActive).ToList();
        var advances = active
            .SelectMany(m => m.Assessment.Needs.SelectMany(n => n.Kinds.Select(k => (Kind: k, Advance: new RequirementAdvance(m.CharterId, n.RequirementId, n.Tier)))))
            .ToLookup(x => x.Kind, x => x.Advance, StringComparer.Ordinal);
        var dues = active
            .SelectMany(m => m.Assessment.Due.Select(d => (d.Kind, Due: new EvidenceDue(m.CharterId, d.RequirementId, d.Date, d.Rate))))
            .ToLookup(x => x.Kind, x => x.Due, StringComparer.Ordinal);
        return advances.Select(g => g.Key).Union(dues.Select(g => g.Key), StringComparer.Ordinal)
            .Select(kind => new EmployerEvidenceRequest(
                kind,
                advances[kind]
                    .DistinctBy(a => (a.CharterId, a.RequirementId))
                    .OrderBy(a => a.CharterId, StringComparer.Ordinal)
                    .ThenBy(a => a.RequirementId, StringComparer.Ordinal)
                    .ToList(),
                dues[kind]
                    .Distinct()
                    .OrderBy(d => d.Date)
                    .ThenBy(d => d.CharterId, StringComparer.Ordinal)
                    .ThenBy(d => d.RequirementId, StringComparer.Ordinal)
                    .ToList()))
            .OrderByDescending(r => r.Advances.Count + r.DueBy.Count)
            .ThenBy(r => r.Kind, StringComparer.Ordinal)
            .ToList();
    }
}
