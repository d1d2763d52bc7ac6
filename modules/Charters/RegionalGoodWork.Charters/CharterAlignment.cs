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
    /// <summary>
    /// Aligns the charters. With <paramref name="rates"/>, leaves compared with a wage rate are compared by the rates in
    /// force on its day (UK and London workplaces) and implications limited in time apply as on that day.
    /// </summary>
    public static AlignmentReport Align(IReadOnlyList<CharterVersion> charters, EvidenceCatalogue? catalogue = null, AlignmentRates? rates = null)
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
                        RuleRelations.RelateOn(kindId, requirements[i].Requirement.Rule, requirements[j].Requirement.Rule, kind, rates)));
                }
            }

            var conflict = relations.Any(r => r.Relation != RuleRelation.Equal);
            RequirementRef? strictest = null;
            if (conflict)
            {
                var best = requirements.FirstOrDefault(candidate => requirements.All(other =>
                    ReferenceEquals(other.Requirement, candidate.Requirement) ||
                    RuleRelations.RelateOn(kindId, candidate.Requirement.Rule, other.Requirement.Rule, kind, rates) is RuleRelation.Equal or RuleRelation.Stricter));
                if (best.Requirement is not null)
                {
                    strictest = new RequirementRef(best.Charter, best.Requirement.Id);
                }
            }

            shared.Add(new SharedKind(kindId, usedBy, conflict, strictest, relations));
        }

        var clusters = Clusters(charters, catalogue, rates);
        var sharedSet = sharedKindIds.Concat(clusters.SelectMany(c => c.Kinds)).ToHashSet(StringComparer.Ordinal);
        var unique = charters
            .SelectMany(c => c.Definition.Requirements
                .Where(r => !r.Rule.Kinds().Any(sharedSet.Contains))
                .Select(r => new RequirementRef(c.CharterId, r.Id)))
            .ToList();
        return new AlignmentReport(charters.Select(c => c.CharterId).ToList(), shared, unique, clusters);
    }

    /// <summary>
    /// Kinds linked by the taxonomy's implications (in force on the rates' day; without a day, those not limited in time), each group read by
    /// two or more of the charters. Requirements are compared on the group's kinds together: every combination of a value
    /// (or none) per kind that the thresholds, the implied values and the rates in force can tell apart, at a UK and at a
    /// London workplace, implications applied by the one evaluator; other kinds favourable.
    /// </summary>
    private static List<KindCluster> Clusters(IReadOnlyList<CharterVersion> charters, EvidenceCatalogue? catalogue, AlignmentRates? rates)
    {
        var implications = KindImplications.From(catalogue);
        var links = implications.All()
            .Where(l => l.Implication.EffectiveBefore is not { } before || (rates is not null && rates.Day < before))
            .ToList();
        if (links.Count == 0)
        {
            return [];
        }

        // Groups of the kinds the charters read, linked when one implies another (through kinds no charter reads too):
        // a kind that only bridges, read by none, groups nothing.
        var read = charters.SelectMany(c => c.Definition.Requirements.SelectMany(r => r.Rule.Kinds())).ToHashSet(StringComparer.Ordinal);
        var all = KindImplications.FromLinks(links);
        var parent = read.ToDictionary(k => k, k => k, StringComparer.Ordinal);
        string Root(string k)
        {
            while (parent[k] != k)
            {
                k = parent[k];
            }

            return k;
        }

        foreach (var from in read)
        {
            var reached = new HashSet<string>(StringComparer.Ordinal) { from };
            var queue = new Queue<string>([from]);
            while (queue.Count > 0)
            {
                foreach (var implication in all.Of(queue.Dequeue()).Where(i => reached.Add(i.Kind)))
                {
                    queue.Enqueue(implication.Kind);
                    if (read.Contains(implication.Kind) && Root(from) is var a && Root(implication.Kind) is var b && a != b)
                    {
                        parent[string.CompareOrdinal(a, b) < 0 ? b : a] = string.CompareOrdinal(a, b) < 0 ? a : b;
                    }
                }
            }
        }

        var clusters = new List<KindCluster>();
        foreach (var group in parent.Keys.GroupBy(Root, StringComparer.Ordinal).Where(g => g.Count() >= 2).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var kinds = group.Order(StringComparer.Ordinal).ToList();
            var kindSet = kinds.ToHashSet(StringComparer.Ordinal);
            var requirements = charters
                .SelectMany(c => c.Definition.Requirements.Where(r => r.Rule.Kinds().Any(kindSet.Contains)).Select(r => (Charter: c.CharterId, Requirement: r)))
                .ToList();
            if (requirements.Select(r => r.Charter).Distinct(StringComparer.Ordinal).Count() < 2)
            {
                continue;
            }

            var groupLinks = links.Where(l => kindSet.Contains(l.From) && kindSet.Contains(l.Implication.Kind)).ToList();
            var met = Cases(kinds, requirements.Select(r => r.Requirement.Rule).ToList(), catalogue, all, rates);
            var relations = new List<RequirementRelation>();
            for (var i = 0; i < requirements.Count; i++)
            {
                for (var j = i + 1; j < requirements.Count; j++)
                {
                    if (requirements[i].Charter != requirements[j].Charter)
                    {
                        relations.Add(new RequirementRelation(
                            new RequirementRef(requirements[i].Charter, requirements[i].Requirement.Id),
                            new RequirementRef(requirements[j].Charter, requirements[j].Requirement.Id),
                            RuleRelations.Relation(met[i], met[j])));
                    }
                }
            }

            var conflict = relations.Any(r => r.Relation != RuleRelation.Equal);
            RequirementRef? strictest = null;
            if (conflict)
            {
                var best = Enumerable.Range(0, requirements.Count).Cast<int?>().FirstOrDefault(i => Enumerable.Range(0, requirements.Count)
                    .All(j => j == i || RuleRelations.Relation(met[i!.Value], met[j]) is RuleRelation.Equal or RuleRelation.Stricter));
                if (best is { } b)
                {
                    strictest = new RequirementRef(requirements[b].Charter, requirements[b].Requirement.Id);
                }
            }

            var usedBy = requirements
                .SelectMany(r => r.Requirement.Rule.Leaves().Where(l => kindSet.Contains(l.Kind!))
                    .Select(l => new KindUse(r.Charter, r.Requirement.Id, r.Requirement.Tier, l, RuleRelations.CanBeMetWithout(r.Requirement.Rule, l.Kind!))))
                .ToList();
            clusters.Add(new KindCluster(kinds, usedBy, conflict, strictest, relations,
                groupLinks.Select(l => new ImplicationLink(l.From, l.Implication)).ToList()));
        }

        return clusters;
    }

    /// <summary>For each rule, whether it can be met in each case (the same cases, in the same order, for every rule).</summary>
    private static List<List<bool>> Cases(IReadOnlyList<string> kinds, IReadOnlyList<Rule> rules, EvidenceCatalogue? catalogue,
        KindImplications implications, AlignmentRates? rates)
    {
        var kindSet = kinds.ToHashSet(StringComparer.Ordinal);
        var implied = implications.All().Where(l => kindSet.Contains(l.Implication.Kind)).ToList();
        var perKind = kinds.Select(k => RuleRelations.Samples(k, rules, catalogue?.FindKind(k), rates?.Thresholds(),
                implied.Where(l => l.Implication.Kind == k && l.Implication.Value is not null).Select(l => l.Implication.Value!)
                    .Concat(implied.Where(l => l.From == k).Select(l => l.Implication.When))))
            .ToList();
        var worlds = rates is null ? [null] : AlignmentRates.Areas.Select(a => (RateContext?)rates.In(a)).ToList();
        var day = rates?.Day;
        var met = rules.Select(_ => new List<bool>()).ToList();
        foreach (var world in worlds)
        {
            foreach (var combination in Product(perKind))
            {
                var evidence = new Dictionary<string, EvidenceFact>(StringComparer.Ordinal);
                for (var k = 0; k < kinds.Count; k++)
                {
                    if (combination[k] is { } value)
                    {
                        evidence[kinds[k]] = new EvidenceFact(value, kinds[k], day);
                    }
                }

                var derived = implications.Derive(evidence);
                for (var r = 0; r < rules.Count; r++)
                {
                    met[r].Add(RuleRelations.Allows(rules[r], leaf =>
                        !kindSet.Contains(leaf.Kind!) ||
                        (world is null && leaf.ComparesWithRate ? evidence.ContainsKey(leaf.Kind!) || derived.ContainsKey(leaf.Kind!)
                            : CharterEvaluator.Evaluate(leaf, evidence, world, derived).Met)));
                }
            }
        }

        return met;
    }

    private static IEnumerable<EvidenceValue?[]> Product(IReadOnlyList<List<EvidenceValue?>> perKind)
    {
        var index = new int[perKind.Count];
        while (true)
        {
            yield return perKind.Select((values, k) => values[index[k]]).ToArray();
            var k = 0;
            while (k < perKind.Count && ++index[k] == perKind[k].Count)
            {
                index[k++] = 0;
            }

            if (k == perKind.Count)
            {
                yield break;
            }
        }
    }
}
