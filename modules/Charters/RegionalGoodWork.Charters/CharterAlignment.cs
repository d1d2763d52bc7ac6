using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters;

/// <summary>
/// Derives the crosswalk between charters from the evidence kinds their requirements read (nothing is typed in). Pure.
/// Thresholds are compared per requirement as constraints on the kind (<see cref="RuleRelations.RelateOn"/>), so a kind
/// that is only an alternative in one charter but mandatory in another shows as a conflict, with the mandatory one strictest.
/// </summary>
internal static class CharterAlignment
{
    public static AlignmentReport Align(IReadOnlyList<CharterVersion> charters, EvidenceCatalogue? catalogue = null)
    {
        ArgumentNullException.ThrowIfNull(charters);
        var uses = charters
            .SelectMany(c => c.Definition.Requirements.SelectMany(r => r.Rule.Leaves().Select(l => (Charter: c.CharterId, Requirement: r, Leaf: l))))
            .ToList();
        var sharedKindIds = uses.GroupBy(u => u.Leaf.Kind!, StringComparer.Ordinal)
            .Where(g => g.Select(u => u.Charter).Distinct(StringComparer.Ordinal).Count() >= 2)
            .OrderByDescending(g => g.Select(u => u.Charter).Distinct(StringComparer.Ordinal).Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)
            .ToList();

        var shared = new List<SharedKind>();
        foreach (var kindId in sharedKindIds)
        {
            var kind = catalogue?.FindKind(kindId);
            var kindUses = uses.Where(u => u.Leaf.Kind == kindId).ToList();
            var usedBy = kindUses
                .Select(u => new KindUse(u.Charter, u.Requirement.Id, u.Requirement.Tier, u.Leaf, RuleRelations.CanBeMetWithout(u.Requirement.Rule, kindId)))
                .ToList();
            var requirements = kindUses
                .Select(u => (u.Charter, u.Requirement))
                .DistinctBy(u => (u.Charter, u.Requirement.Id))
                .ToList();

            var relations = new List<RequirementRelation>();
            for (var i = 0; i < requirements.Count; i++)
            {
                for (var j = i + 1; j < requirements.Count; j++)
                {
                    if (requirements[i].Charter == requirements[j].Charter)
                    {
                        continue;
                    }

                    relations.Add(new RequirementRelation(
                        new RequirementRef(requirements[i].Charter, requirements[i].Requirement.Id),
                        new RequirementRef(requirements[j].Charter, requirements[j].Requirement.Id),
                        RuleRelations.RelateOn(kindId, requirements[i].Requirement.Rule, requirements[j].Requirement.Rule, kind)));
                }
            }

            var conflict = relations.Any(r => r.Relation != RuleRelation.Equal);
            RequirementRef? strictest = null;
            if (conflict)
            {
                var best = requirements.FirstOrDefault(candidate => requirements.All(other =>
                    ReferenceEquals(other.Requirement, candidate.Requirement) ||
                    RuleRelations.RelateOn(kindId, candidate.Requirement.Rule, other.Requirement.Rule, kind) is RuleRelation.Equal or RuleRelation.Stricter));
                if (best.Requirement is not null)
                {
                    strictest = new RequirementRef(best.Charter, best.Requirement.Id);
                }
            }

            shared.Add(new SharedKind(kindId, usedBy, conflict, strictest, relations));
        }

        var sharedSet = sharedKindIds.ToHashSet(StringComparer.Ordinal);
        var unique = charters
            .SelectMany(c => c.Definition.Requirements
                .Where(r => !r.Rule.Kinds().Any(sharedSet.Contains))
                .Select(r => new RequirementRef(c.CharterId, r.Id)))
            .ToList();
        return new AlignmentReport(charters.Select(c => c.CharterId).ToList(), shared, unique);
    }
}
