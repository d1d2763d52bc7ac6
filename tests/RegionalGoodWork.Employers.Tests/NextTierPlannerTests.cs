using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Assessment;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;
using static RegionalGoodWork.Employers.Tests.TestData;

namespace RegionalGoodWork.Employers.Tests;

/// <summary>
/// The next-tier plan against brute force: seeded random charters over a small catalogue, every combination of items
/// (each kind absent or any value of a grid that reaches every distinct outcome) tried, the best one kept (most
/// memberships lifted without lowering any, then fewest items). The planner must match it, and its items must do what it promises.
/// </summary>
public sealed class NextTierPlannerTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly EvidenceKind[] Kinds =
    [
        new("g.b1", "fair-pay", EvidenceType.Bool, null, null, 12, [], "b1"),
        new("g.b2", "fair-pay", EvidenceType.Bool, null, null, 12, [], "b2"),
        new("g.days", "fair-pay", EvidenceType.Days, "days", null, 12, [], "days"),
        new("g.pct", "fair-pay", EvidenceType.Percent, "%", null, 12, [], "pct"),
        new("g.choice", "fair-pay", EvidenceType.Choice, null, ["x", "y", "z"], 12, [], "choice"),
        new("pay.lowest-adult-hourly-rate", "fair-pay", EvidenceType.Money, "GBP", null, 12, [], "rate"),
    ];

    private static EvidenceKind? Kind(string id) => Kinds.FirstOrDefault(k => k.Id == id);

    [Fact]
    public void Plan_OnSeededRandomCharters_MatchesBruteForceAndLiftsWhatItPromises()
    {
        var exactCases = 0;
        for (var seed = 1; seed <= 150; seed++)
        {
            var random = new Random(seed);
            var versions = Enumerable.Range(0, random.Next(2, 4)).Select(i => RandomCharter(random, $"c{i}")).ToList();
            var facts = new Dictionary<string, EvidenceFact>(StringComparer.Ordinal);
            foreach (var kind in Kinds.Take(5).Where(_ => random.Next(2) == 0))
            {
                var grid = Grid(kind);
                facts[kind.Id] = new EvidenceFact(grid[random.Next(grid.Count)]!, $"ev-{kind.Id}", Today);
            }

            var plan = NextTierPlanner.Plan(versions, facts, Kind, null, Today);
            var (lifts, items) = BruteForce(versions, facts);

            Assert.True(plan.Exact, $"seed {seed}: the search should be exact on a case this small");
            Assert.True((lifts, items) == (plan.Lifts.Count, plan.Items.Count),
                $"seed {seed}: brute force lifts {lifts} with {items} items, the plan {plan.Lifts.Count} with {plan.Items.Count}");
            AssertDoesWhatItPromises(versions, facts, plan, null, $"seed {seed}");
            exactCases += lifts > 0 ? 1 : 0;
        }

        Assert.True(exactCases > 50, $"only {exactCases} generated cases had anything to lift");
    }

    [Fact]
    public void Plan_WhenTheSearchGoesPastItsLimit_IsGreedyAndStillLiftsWhatItPromises()
    {
        for (var seed = 1; seed <= 60; seed++)
        {
            var random = new Random(seed);
            var versions = Enumerable.Range(0, 3).Select(i => RandomCharter(random, $"c{i}")).ToList();
            var facts = new Dictionary<string, EvidenceFact>(StringComparer.Ordinal);

            var plan = NextTierPlanner.Plan(versions, facts, Kind, null, Today, limits: new PlanLimits(MaxNodes: 1));

            Assert.False(plan.Exact);
            AssertDoesWhatItPromises(versions, facts, plan, null, $"seed {seed}");
        }
    }

    [Fact]
    public void Plan_AnyOfAndAStricterThresholdElsewhere_OneItemAtTheStrictestThresholdLiftsBoth()
    {
        var a = Charter("a", ["member"], ("rlw", "member", Rule.AnyOf(Rule.Eq("g.b1", true), Gte("g.pct", 4))));
        var b = Charter("b", ["member"], ("share", "member", Gte("g.pct", 6)));

        var plan = NextTierPlanner.Plan([a, b], new Dictionary<string, EvidenceFact>(), Kind, null, Today);

        var item = Assert.Single(plan.Items);
        Assert.Equal(("g.pct", 6m), (item.Kind, item.Value.Number!.Value));
        Assert.Equal(["a:rlw", "b:share"], item.Advances.Select(x => $"{x.CharterId}:{x.RequirementId}"));
        Assert.Equal([("a", (string?)null, (string?)"member"), ("b", null, "member")], plan.Lifts.Select(l => (l.CharterId, l.TierBefore, l.TierAfter)));
    }

    [Fact]
    public void Plan_RateLeafForAnEmployerInLondonAndElsewhere_TakesTheLondonRateInForce()
    {
        var rates = new RateContext(new WageRateTable(
            [new WageRate(WageRateSchemes.RealLivingWage, new DateOnly(2024, 10, 22), new DateOnly(2025, 5, 1), new WageRateAmounts(12.60m, 13.85m), null, true)], 1),
            [WageArea.Uk, WageArea.London]);
        var charter = Charter("a", ["member"], ("rlw", "member", Rule.AgainstRate("pay.lowest-adult-hourly-rate", RuleOp.Gte, WageRateSchemes.RealLivingWage)));

        var plan = NextTierPlanner.Plan([charter], new Dictionary<string, EvidenceFact>(), Kind, rates, Today);

        var item = Assert.Single(plan.Items);
        Assert.Equal(13.85m, item.Value.Number);
        AssertDoesWhatItPromises([charter], new Dictionary<string, EvidenceFact>(), plan, rates, "rate");
    }

    [Fact]
    public void Plan_KindHeldByAVerifiedItem_IsNotProposed()
    {
        var charter = Charter("a", ["member"], ("rlw", "member", Rule.AnyOf(Rule.Eq("g.b1", true), Rule.Eq("g.b2", true))));
        var facts = new Dictionary<string, EvidenceFact> { ["g.b1"] = new(EvidenceValue.FromBool(false), "ev-1", Today) };

        var plan = NextTierPlanner.Plan([charter], facts, Kind, null, Today, new HashSet<string> { "g.b1" });

        Assert.Equal(["g.b2"], plan.Items.Select(i => i.Kind));
    }

    /// <summary>Applying the plan's items to the evidence moves exactly the promised memberships, and lowers none.</summary>
    private static void AssertDoesWhatItPromises(List<CharterVersion> versions, Dictionary<string, EvidenceFact> facts, NextTierPlan plan, RateContext? rates, string what)
    {
        var after = new Dictionary<string, EvidenceFact>(facts, StringComparer.Ordinal);
        foreach (var item in plan.Items)
        {
            Assert.Null(Kind(item.Kind)!.Check(item.Value));
            after[item.Kind] = new EvidenceFact(item.Value, $"new-{item.Kind}", Today);
        }

        var moved = versions
            .Select(v => (v.CharterId, Before: CharterEvaluator.Assess(v, facts, rates).Tier, After: CharterEvaluator.Assess(v, after, rates).Tier))
            .Where(x => x.Before != x.After)
            .ToList();
        Assert.True(moved.SequenceEqual(plan.Lifts.Select(l => (l.CharterId, l.TierBefore, l.TierAfter))), $"{what}: promised {string.Join(", ", plan.Lifts)}, moved {string.Join(", ", moved)}");
        Assert.All(moved, x => Assert.True(TierIndex(versions.Single(v => v.CharterId == x.CharterId), x.After) > TierIndex(versions.Single(v => v.CharterId == x.CharterId), x.Before)));
        Assert.All(plan.Items, i => Assert.NotEmpty(i.Advances));
    }

    /// <summary>Every combination of items over the grid: the most memberships lifted with none lowered, then the fewest items.</summary>
    private static (int Lifts, int Items) BruteForce(List<CharterVersion> versions, Dictionary<string, EvidenceFact> facts)
    {
        var before = versions.Select(v => TierIndex(v, CharterEvaluator.Assess(v, facts).Tier)).ToArray();
        var domains = Kinds.Take(5).Select(k => Grid(k).Prepend(null).ToList()).ToArray();
        var best = (Lifts: 0, Items: 0);
        var choice = new int[domains.Length];
        var work = new Dictionary<string, EvidenceFact>(StringComparer.Ordinal);
        while (true)
        {
            work.Clear();
            foreach (var (kind, fact) in facts)
            {
                work[kind] = fact;
            }

            var items = 0;
            for (var k = 0; k < domains.Length; k++)
            {
                if (domains[k][choice[k]] is { } value)
                {
                    work[Kinds[k].Id] = new EvidenceFact(value, "x", Today);
                    items++;
                }
            }

            var lifts = 0;
            var lowered = false;
            for (var m = 0; m < versions.Count; m++)
            {
                var tier = TierIndex(versions[m], CharterEvaluator.Assess(versions[m], work).Tier);
                lifts += tier > before[m] ? 1 : 0;
                lowered |= tier < before[m];
            }

            if (!lowered && (lifts > best.Lifts || (lifts == best.Lifts && lifts > 0 && items < best.Items)))
            {
                best = (lifts, items);
            }

            var d = 0;
            while (d < domains.Length && ++choice[d] == domains[d].Count)
            {
                choice[d++] = 0;
            }

            if (d == domains.Length)
            {
                return best;
            }
        }
    }

    /// <summary>Values reaching every distinct outcome of the generated leaves (thresholds are even numbers 2..8).</summary>
    private static List<EvidenceValue?> Grid(EvidenceKind kind) => kind.Type switch
    {
        EvidenceType.Bool => [EvidenceValue.FromBool(true), EvidenceValue.FromBool(false)],
        EvidenceType.Choice => kind.Choices!.Select(c => (EvidenceValue?)EvidenceValue.FromText(EvidenceType.Choice, c)).ToList(),
        _ => Enumerable.Range(0, 11).Select(n => (EvidenceValue?)EvidenceValue.FromNumber(kind.Type, n)).ToList(),
    };

    private static CharterVersion RandomCharter(Random random, string id)
    {
        var tiers = new[] { "t0", "t1", "t2" }.Take(random.Next(1, 4)).ToArray();
        var requirements = new List<(string, string, Rule)>();
        foreach (var tier in tiers)
        {
            for (var r = random.Next(1, 3); r > 0; r--)
            {
                requirements.Add(($"{tier}-r{r}", tier, RandomRule(random, 0)));
            }
        }

        return Charter(id, tiers, [.. requirements]);
    }

    private static Rule RandomRule(Random random, int depth)
    {
        if (depth >= 2 || random.Next(10) < 6)
        {
            return RandomLeaf(random);
        }

        var children = Enumerable.Range(0, random.Next(2, 4)).Select(_ => RandomRule(random, depth + 1)).ToArray();
        return random.Next(3) switch
        {
            0 => Rule.AllOf(children),
            1 => Rule.AnyOf(children),
            _ => Rule.AtLeastOf(random.Next(1, children.Length + 1), children),
        };
    }

    private static Rule RandomLeaf(Random random)
    {
        var kind = Kinds[random.Next(5)];
        switch (kind.Type)
        {
            case EvidenceType.Bool:
                return random.Next(6) switch
                {
                    0 => Rule.Present(kind.Id),
                    1 => Rule.Leaf(kind.Id, RuleOp.Ne, EvidenceValue.FromBool(random.Next(2) == 0)),
                    _ => Rule.Eq(kind.Id, random.Next(4) != 0),
                };
            case EvidenceType.Choice:
                var choice = EvidenceValue.FromText(EvidenceType.Choice, kind.Choices![random.Next(3)]);
                return random.Next(3) switch
                {
                    0 => Rule.Leaf(kind.Id, RuleOp.Eq, choice),
                    1 => Rule.Leaf(kind.Id, RuleOp.Ne, choice),
                    _ => Rule.In(kind.Id, choice, EvidenceValue.FromText(EvidenceType.Choice, kind.Choices![random.Next(3)])),
                };
            default:
                var threshold = EvidenceValue.FromNumber(kind.Type, 2 * random.Next(1, 5));
                var ops = new[] { RuleOp.Gt, RuleOp.Gte, RuleOp.Lt, RuleOp.Lte, RuleOp.Eq, RuleOp.Ne, RuleOp.Gte, RuleOp.Lte };
                return random.Next(12) switch
                {
                    0 => Rule.Present(kind.Id),
                    1 => Rule.In(kind.Id, threshold, EvidenceValue.FromNumber(kind.Type, 2 * random.Next(1, 5))),
                    _ => Rule.Leaf(kind.Id, ops[random.Next(ops.Length)], threshold),
                };
        }
    }

    private static Rule Gte(string kind, decimal value) => Rule.Leaf(kind, RuleOp.Gte, EvidenceValue.FromNumber(Kind(kind)!.Type, value));

    private static CharterVersion Charter(string id, string[] tiers, params (string Id, string Tier, Rule Rule)[] requirements) =>
        new(id, 1, new CharterDefinition(id, "E47000001", tiers, requirements.Select(r => new Requirement(r.Id, r.Id, r.Tier, "fair-pay", r.Rule)).ToList()), At);

    private static int TierIndex(CharterVersion version, string? tier) => tier is null ? -1 : version.Definition.Tiers.ToList().IndexOf(tier);
}
