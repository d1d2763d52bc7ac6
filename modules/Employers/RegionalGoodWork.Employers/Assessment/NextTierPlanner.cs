using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Employers.Assessment;

/// <summary>How far the exact search may go before the planner falls back to its greedy approximation.</summary>
/// <param name="MaxNodes">Search nodes (each one evaluation of the plan's target requirements) for the whole exact search.</param>
/// <param name="MaxExactMemberships">Memberships that can each be lifted on their own; beyond this the subsets are not enumerated.</param>
internal sealed record PlanLimits(int MaxNodes = 50_000, int MaxExactMemberships = 12)
{
    public static PlanLimits Default { get; } = new();
}

/// <summary>
/// The next-tier plan (pure). Objective, in order: (1) the most active memberships lifted — a membership is lifted when
/// every requirement of its next tier, and of every tier below, is met afterwards (so all the unmet requirements of
/// the next tier at once; it may land higher if the tiers above were met already); (2) no membership's tier lowered (a
/// hard constraint: a plan that would lower one is not a plan); (3) the fewest items, one per kind; (4) ties go to the
/// first plan found in a fixed order (memberships and requirements in charter order, kinds in rule order, values with
/// those meeting the most open requirements first). A value meeting the most open requirements first means a numeric
/// threshold takes the strictest threshold across the memberships it serves, and the rate leaf the highest rate in
/// force today across the employer's areas.
/// <para>
/// Exact: subsets of the memberships that can each be lifted on their own, largest first, each solved by branch and
/// bound — branch on the first target requirement not met, over the kinds it reads and the values that satisfy one of
/// its open leaves (so an <c>anyOf</c> is tried alternative by alternative and the cheapest, counting items shared with
/// other memberships, wins), bound by the best item count found. Exact while at most
/// <see cref="PlanLimits.MaxExactMemberships"/> memberships can be lifted and the search stays within
/// <see cref="PlanLimits.MaxNodes"/> nodes; beyond that, greedy: add the membership whose completion costs the fewest
/// new items (each <c>anyOf</c> collapsed to its cheapest alternative given the items already chosen), until none can
/// be added without lowering another.
/// </para>
/// Values are tried at the breakpoints of the leaves of their kind (each threshold, one step either side — 1 for
/// counts and days, 0.01 for percent and money, a day for dates — every choice, true and false, the rates in force
/// today), one per distinct set of leaves satisfied, within the kind's range. Kinds whose current value is verified
/// (a self-declared item would not replace it) are left as they are. Items are read as effective today.
/// </summary>
internal static class NextTierPlanner
{
    private const string ItemPrefix = "plan:";

    /// <summary>The value a document kind is given in a plan (any reference does; <see cref="PlanItem.AnyValue"/>).</summary>
    public const string DocumentPlaceholder = "document-reference";

    public static NextTierPlan Plan(
        IReadOnlyList<CharterVersion> memberships,
        IReadOnlyDictionary<string, EvidenceFact> facts,
        Func<string, EvidenceKind?> kinds,
        RateContext? rates,
        DateOnly today,
        IReadOnlySet<string>? fixedKinds = null,
        PlanLimits? limits = null,
        KindImplications? implications = null)
    {
        ArgumentNullException.ThrowIfNull(memberships);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(kinds);
        var search = new Search(memberships, facts, kinds, rates, today, fixedKinds ?? new HashSet<string>(), limits ?? PlanLimits.Default, implications);
        return search.Run();
    }

    private sealed class Best
    {
        public int Count { get; set; } = int.MaxValue;

        public List<(string Kind, EvidenceValue Value)>? Items { get; set; }
    }

    private sealed class Search
    {
        private readonly IReadOnlyList<CharterVersion> versions;
        private readonly IReadOnlyDictionary<string, EvidenceFact> facts;
        private readonly RateContext? rates;
        private readonly KindImplications? implications;
        private readonly DateOnly today;
        private readonly PlanLimits limits;
        private readonly int[] before;
        private readonly CharterAssessment[] assessedBefore;
        private readonly Dictionary<string, EvidenceFact> work;
        private readonly Dictionary<string, List<EvidenceValue>> candidates = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Rule>> leavesByKind = new(StringComparer.Ordinal);
        private readonly List<(string Kind, EvidenceValue Value)> assigned = [];
        private int nodes;
        private bool exhausted;

        public Search(IReadOnlyList<CharterVersion> versions, IReadOnlyDictionary<string, EvidenceFact> facts, Func<string, EvidenceKind?> kinds,
            RateContext? rates, DateOnly today, IReadOnlySet<string> fixedKinds, PlanLimits limits, KindImplications? implications)
        {
            this.versions = versions;
            this.facts = facts;
            this.rates = rates;
            this.implications = implications;
            this.today = today;
            this.limits = limits;
            work = new Dictionary<string, EvidenceFact>(facts, StringComparer.Ordinal);
            assessedBefore = versions.Select(v => CharterEvaluator.Assess(v, facts, rates, implications)).ToArray();
            before = versions.Select((v, i) => TierIndex(v, assessedBefore[i].Tier)).ToArray();

            foreach (var leaf in versions.SelectMany(v => v.Definition.Requirements).SelectMany(r => r.Rule.Leaves()))
            {
                if (!leavesByKind.TryGetValue(leaf.Kind!, out var list))
                {
                    leavesByKind[leaf.Kind!] = list = [];
                }

                list.Add(leaf);
            }

            // The leaves that could matter: those of every requirement up to each membership's next tier (the next tier's
            // to lift it, the lower ones' because an item may break them) that do not hold today.
            var open = new List<Rule>();
            for (var m = 0; m < versions.Count; m++)
            {
                foreach (var requirement in Upto(m, before[m] + 1))
                {
                    open.AddRange(requirement.Rule.Leaves().Where(l => !LeafHolds(l, facts.GetValueOrDefault(l.Kind!))));
                }
            }

            foreach (var kindId in open.Select(l => l.Kind!).Distinct(StringComparer.Ordinal))
            {
                if (fixedKinds.Contains(kindId) || kinds(kindId) is not { } kind)
                {
                    continue;
                }

                var openOfKind = open.Where(l => l.Kind == kindId).ToList();
                var all = leavesByKind[kindId];
                var values = RawValues(kind, all)
                    .Where(v => kind.Check(v) is null)
                    .DistinctBy(v => Signature(kindId, all, v))
                    .Select(v => (Value: v, Opens: openOfKind.Count(l => LeafHolds(l, PlanFact(kindId, v)))))
                    .Where(x => x.Opens > 0)
                    .OrderByDescending(x => x.Opens)
                    .Select(x => x.Value)
                    .ToList();
                if (values.Count > 0)
                {
                    candidates[kindId] = values;
                }
            }
        }

        public NextTierPlan Run()
        {
            var exact = Exact();
            if (exact is not null)
            {
                return Build(exact, true);
            }

            ResetWork();
            return Build(Greedy(), false);
        }

        /// <summary>The optimal items, or null when the search went past its limits.</summary>
        private List<(string Kind, EvidenceValue Value)>? Exact()
        {
            var liftable = new List<int>();
            for (var m = 0; m < versions.Count; m++)
            {
                if (HasNext(m) && Solve([m], new Best()) is not null)
                {
                    liftable.Add(m);
                }

                if (exhausted)
                {
                    return null;
                }
            }

            if (liftable.Count > limits.MaxExactMemberships)
            {
                return null;
            }

            for (var size = liftable.Count; size >= 1; size--)
            {
                var best = new Best();
                foreach (var subset in Subsets(liftable, size))
                {
                    Solve(subset, best);
                    if (exhausted)
                    {
                        return null;
                    }
                }

                if (best.Items is not null)
                {
                    return best.Items;
                }
            }

            return [];
        }

        /// <summary>Branch and bound for lifting exactly the memberships in <paramref name="lift"/> (at least), lowering none.</summary>
        private List<(string Kind, EvidenceValue Value)>? Solve(IReadOnlyList<int> lift, Best best)
        {
            var targets = Targets(lift);
            var found = best.Items;
            Dfs(targets, best);
            return best.Items is not null && !ReferenceEquals(best.Items, found) ? best.Items : null;
        }

        private void Dfs(List<Requirement> targets, Best best)
        {
            if (++nodes > limits.MaxNodes)
            {
                exhausted = true;
                return;
            }

            var unmet = targets.FirstOrDefault(t => !Met(t));
            if (unmet is null)
            {
                if (assigned.Count < best.Count)
                {
                    best.Count = assigned.Count;
                    best.Items = [.. assigned];
                }

                return;
            }

            if (assigned.Count + 1 >= best.Count)
            {
                return;
            }

            foreach (var kind in unmet.Rule.Kinds())
            {
                if (!candidates.TryGetValue(kind, out var values) || IsAssigned(kind))
                {
                    continue;
                }

                var open = unmet.Rule.Leaves().Where(l => l.Kind == kind && !LeafHolds(l, work.GetValueOrDefault(kind))).ToList();
                foreach (var value in values)
                {
                    if (!open.Any(l => LeafHolds(l, PlanFact(kind, value))))
                    {
                        continue;
                    }

                    Assign(kind, value);
                    Dfs(targets, best);
                    Unassign(kind);
                    if (exhausted)
                    {
                        return;
                    }
                }
            }
        }

        /// <summary>
        /// Greedy: repeatedly add the membership whose completion costs the fewest new items (ties: the most memberships
        /// lifted, then charter order), each requirement's <c>anyOf</c> collapsed to its cheapest alternative.
        /// </summary>
        private List<(string Kind, EvidenceValue Value)> Greedy()
        {
            var lifted = new List<int>();
            while (true)
            {
                (int Member, List<(string, EvidenceValue)> Added, int Lifts)? choice = null;
                for (var m = 0; m < versions.Count; m++)
                {
                    if (!HasNext(m) || lifted.Contains(m))
                    {
                        continue;
                    }

                    if (Complete(Targets([.. lifted, m])) is not { } added)
                    {
                        continue;
                    }

                    var lifts = LiftedNow().Count;
                    foreach (var (kind, _) in added)
                    {
                        Unassign(kind);
                    }

                    if (choice is null || added.Count < choice.Value.Added.Count || (added.Count == choice.Value.Added.Count && lifts > choice.Value.Lifts))
                    {
                        choice = (m, added, lifts);
                    }
                }

                if (choice is not { } chosen)
                {
                    return [.. assigned];
                }

                foreach (var (kind, value) in chosen.Added)
                {
                    Assign(kind, value);
                }

                lifted = LiftedNow();
            }
        }

        /// <summary>Meets every target greedily from the current assignment; the items added (kept assigned), or null (nothing kept).</summary>
        private List<(string Kind, EvidenceValue Value)>? Complete(List<Requirement> targets)
        {
            var added = new List<(string Kind, EvidenceValue Value)>();
            for (var round = 0; round < 1000; round++)
            {
                var unmet = targets.FirstOrDefault(t => !Met(t));
                if (unmet is null)
                {
                    return added;
                }

                var progress = false;
                foreach (var leaf in Cheapest(unmet.Rule) ?? [])
                {
                    var kind = leaf.Kind!;
                    if (LeafHolds(leaf, work.GetValueOrDefault(kind)) || IsAssigned(kind))
                    {
                        continue;
                    }

                    if (candidates.GetValueOrDefault(kind)?.FirstOrDefault(v => LeafHolds(leaf, PlanFact(kind, v))) is not { } value)
                    {
                        continue;
                    }

                    Assign(kind, value);
                    added.Add((kind, value));
                    progress = true;
                }

                if (!progress)
                {
                    break;
                }
            }

            foreach (var (kind, _) in added)
            {
                Unassign(kind);
            }

            return null;
        }

        /// <summary>The open leaves of the cheapest way to meet <paramref name="rule"/> from here; null when there is none.</summary>
        private List<Rule>? Cheapest(Rule rule)
        {
            if (rule.IsLeaf)
            {
                return Cost(rule) switch { 0 => [], 1 => [rule], _ => null };
            }

            var children = (rule.Of ?? []).Select(c => (Rule: c, Cost: Cost(c))).ToList();
            IEnumerable<(Rule Rule, int Cost)> chosen = rule.Op switch
            {
                RuleOp.AllOf => children,
                RuleOp.AnyOf => children.OrderBy(c => c.Cost).Take(1),
                RuleOp.AtLeast => children.OrderBy(c => c.Cost).Take(Math.Max(rule.AtLeast, 1)),
                _ => [],
            };
            var picked = chosen.ToList();
            if (picked.Count == 0 || picked.Any(c => c.Cost == int.MaxValue) || (rule.Op == RuleOp.AtLeast && picked.Count < rule.AtLeast))
            {
                return null;
            }

            var leaves = new List<Rule>();
            foreach (var (child, _) in picked)
            {
                leaves.AddRange(Cheapest(child)!);
            }

            return leaves;
        }

        /// <summary>Items needed to meet <paramref name="rule"/> from here, leaf by leaf (int.MaxValue: cannot).</summary>
        private int Cost(Rule rule)
        {
            if (rule.IsLeaf)
            {
                var kind = rule.Kind!;
                if (LeafHolds(rule, work.GetValueOrDefault(kind)))
                {
                    return 0;
                }

                return !IsAssigned(kind) && candidates.GetValueOrDefault(kind)?.Any(v => LeafHolds(rule, PlanFact(kind, v))) == true ? 1 : int.MaxValue;
            }

            var costs = (rule.Of ?? []).Select(Cost).OrderBy(c => c).ToList();
            IEnumerable<int> counted = rule.Op switch
            {
                RuleOp.AllOf => costs,
                RuleOp.AnyOf => costs.Take(1),
                RuleOp.AtLeast when costs.Count >= rule.AtLeast && rule.AtLeast >= 1 => costs.Take(rule.AtLeast),
                _ => [int.MaxValue],
            };
            var list = counted.ToList();
            return list.Count == 0 || list.Any(c => c == int.MaxValue) ? int.MaxValue : list.Sum();
        }

        private NextTierPlan Build(List<(string Kind, EvidenceValue Value)> items, bool exact)
        {
            ResetWork();
            foreach (var (kind, value) in items)
            {
                Assign(kind, value);
            }

            var advances = items.ToDictionary(i => i.Kind, _ => new List<RequirementAdvance>(), StringComparer.Ordinal);
            var lifts = new List<TierMove>();
            for (var m = 0; m < versions.Count; m++)
            {
                var after = CharterEvaluator.Assess(versions[m], work, rates, implications);
                if (TierIndex(versions[m], after.Tier) > before[m])
                {
                    lifts.Add(new TierMove(versions[m].CharterId, assessedBefore[m].Tier, after.Tier));
                }

                foreach (var result in after.Requirements.Where(r => r.Met && !assessedBefore[m].Requirements.Single(b => b.RequirementId == r.RequirementId).Met))
                {
                    foreach (var id in result.EvidenceItemIds.Where(i => i.StartsWith(ItemPrefix, StringComparison.Ordinal)))
                    {
                        advances[id[ItemPrefix.Length..]].Add(new RequirementAdvance(versions[m].CharterId, result.RequirementId, result.Tier));
                    }
                }
            }

            var planItems = items
                .Select(i => new PlanItem(i.Kind, i.Value,
                    advances[i.Kind].OrderBy(a => a.CharterId, StringComparer.Ordinal).ThenBy(a => a.RequirementId, StringComparer.Ordinal).ToList(),
                    leavesByKind[i.Kind].All(l => l.Op == RuleOp.Present)))
                .OrderByDescending(i => i.Advances.Count)
                .ThenBy(i => i.Kind, StringComparer.Ordinal)
                .ToList();
            return new NextTierPlan(planItems, lifts.OrderBy(l => l.CharterId, StringComparer.Ordinal).ToList(), exact);
        }

        /// <summary>
        /// The requirements a plan must leave met: every membership's up to its tier (none lowered), and those in
        /// <paramref name="lift"/> up to the next tier — the next tier's first.
        /// </summary>
        private List<Requirement> Targets(IReadOnlyList<int> lift)
        {
            var targets = new List<Requirement>();
            foreach (var m in lift)
            {
                targets.AddRange(versions[m].Definition.Requirements.Where(r => TierIndex(versions[m], r.Tier) == before[m] + 1));
            }

            for (var m = 0; m < versions.Count; m++)
            {
                targets.AddRange(Upto(m, before[m]));
            }

            return targets;
        }

        private IEnumerable<Requirement> Upto(int m, int tier) =>
            versions[m].Definition.Requirements.Where(r => TierIndex(versions[m], r.Tier) <= tier);

        private List<int> LiftedNow() =>
            Enumerable.Range(0, versions.Count).Where(m => TierIndex(versions[m], CharterEvaluator.Assess(versions[m], work, rates, implications).Tier) > before[m]).ToList();

        private bool HasNext(int m) => before[m] + 1 < versions[m].Definition.Tiers.Count;

        private bool Met(Requirement requirement) => CharterEvaluator.Evaluate(requirement.Rule, work, rates, implications).Met;

        private bool LeafHolds(Rule leaf, EvidenceFact? fact) =>
            leaf.ComparesWithRate ? CharterEvaluator.HoldsAgainstRate(leaf, fact, rates) : CharterEvaluator.Holds(leaf, fact?.Value);

        private string Signature(string kind, List<Rule> leaves, EvidenceValue value) =>
            string.Concat(leaves.Select(l => LeafHolds(l, PlanFact(kind, value)) ? '1' : '0'));

        private EvidenceFact PlanFact(string kind, EvidenceValue value) => new(value, ItemPrefix + kind, today);

        private bool IsAssigned(string kind) => assigned.Any(a => a.Kind == kind);

        private void Assign(string kind, EvidenceValue value)
        {
            assigned.Add((kind, value));
            work[kind] = PlanFact(kind, value);
        }

        private void Unassign(string kind)
        {
            assigned.RemoveAll(a => a.Kind == kind);
            if (facts.TryGetValue(kind, out var held))
            {
                work[kind] = held;
            }
            else
            {
                work.Remove(kind);
            }
        }

        private void ResetWork()
        {
            foreach (var (kind, _) in assigned.ToList())
            {
                Unassign(kind);
            }
        }

        /// <summary>The values worth trying for a kind: the breakpoints of its leaves and a step either side, or its choices.</summary>
        private IEnumerable<EvidenceValue> RawValues(EvidenceKind kind, List<Rule> leaves)
        {
            var constants = leaves.SelectMany(l => l.Values ?? (l.Value is { } v ? [v] : [])).Where(v => v.Type == kind.Type).ToList();
            switch (kind.Type)
            {
                case EvidenceType.Bool:
                    return [EvidenceValue.FromBool(true), EvidenceValue.FromBool(false)];
                case EvidenceType.Choice:
                    return (kind.Choices ?? []).Select(c => EvidenceValue.FromText(EvidenceType.Choice, c));
                case EvidenceType.Document:
                    return [EvidenceValue.FromText(EvidenceType.Document, DocumentPlaceholder)];
                case EvidenceType.Date:
                {
                    var dates = constants.Select(v => v.AsDate).OfType<DateOnly>().ToList();
                    return dates.Concat(dates.Select(d => d.AddDays(1))).Concat(dates.Select(d => d.AddDays(-1))).Append(today).Select(EvidenceValue.FromDate);
                }

                default:
                {
                    var step = kind.Type.IsWholeNumber() ? 1m : 0.01m;
                    var points = constants.Select(v => v.Number).OfType<decimal>()
                        .Concat(leaves.Where(l => l.ComparesWithRate && rates is not null)
                            .SelectMany(l => rates!.RatesFor(l.Rate!, today)).OfType<decimal>().OrderDescending())
                        .ToList();
                    return points.Concat(points.Select(p => p + step)).Concat(points.Select(p => p - step)).Append(kind.LowestAllowed ?? 0m)
                        .Select(n => EvidenceValue.FromNumber(kind.Type, n));
                }
            }
        }

        private static int TierIndex(CharterVersion version, string? tier) =>
            tier is null ? -1 : version.Definition.Tiers.ToList().IndexOf(tier);

        private static IEnumerable<int[]> Subsets(List<int> items, int size)
        {
            var index = Enumerable.Range(0, size).ToArray();
            while (true)
            {
                yield return index.Select(i => items[i]).ToArray();
                var k = size - 1;
                while (k >= 0 && index[k] == items.Count - size + k)
                {
                    k--;
                }

                if (k < 0)
                {
                    yield break;
                }

                index[k]++;
                for (var j = k + 1; j < size; j++)
                {
                    index[j] = index[j - 1] + 1;
                }
            }
        }
    }
}
