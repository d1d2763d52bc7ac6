using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters;

/// <summary>
/// The rates alignment compares a leaf <c>{"value": {"rate": scheme}}</c> with: the rates in force on <see cref="Day"/>
/// (the business date) in each area, a UK workplace and a London one being two cases each requirement must be compared in.
/// </summary>
internal sealed record AlignmentRates(WageRateTable Table, DateOnly Day)
{
    public static readonly IReadOnlyList<WageArea> Areas = [WageArea.Uk, WageArea.London];

    public RateContext In(WageArea area) => new(Table, [area]);

    /// <summary>Every rate of a scheme in force on the day, in any area: thresholds the samples must tell apart.</summary>
    public IEnumerable<decimal> Thresholds() =>
        WageRateSchemes.All.SelectMany(s => Areas.Select(a => Table.RateInForce(s, a, Day))).OfType<decimal>();
}

/// <summary>
/// Compares thresholds on one evidence kind, exactly, by testing every region of the kind's value space that the
/// thresholds involved can tell apart (each threshold, a point between and beyond each pair, the kind's range, every
/// choice). Pure.
/// </summary>
internal static class RuleRelations
{
    /// <summary>The relation between two leaf requirements on the same kind (e.g. <c>gte 28</c> is stricter than <c>gte 14</c>).</summary>
    public static RuleRelation Relate(Rule a, Rule b, EvidenceKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.IsLeaf || !b.IsLeaf)
        {
            throw new ArgumentException("Relate compares two leaves; use RelateOn for combinations.");
        }

        if (!string.Equals(a.Kind, b.Kind, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The leaves read different kinds ({a.Kind}, {b.Kind}).");
        }

        return RelateOn(a.Kind!, a, b, kind);
    }

    /// <summary>
    /// The relation between two rules as constraints on one kind: for each value of the kind (and for "no evidence"),
    /// can the rule still be met, other kinds permitting? A kind that is one alternative of an anyOf therefore constrains
    /// nothing: <c>anyOf[only-by-consent eq true, zero-hours-share eq 0]</c> is looser on zero-hours-share than
    /// <c>zero-hours-share eq 0</c>.
    /// </summary>
    /// <remarks>
    /// A leaf compared with a wage rate: with <paramref name="rates"/> it is compared by the rate in force on the day, at a UK
    /// workplace and at a London one (a value met in one place and not the other tells the two apart), so <c>gte 12.00</c>
    /// is looser than <c>gte {rate: real-living-wage}</c> when both rates in force are above 12.00, and overlapping when a
    /// threshold lies between them. Without rates it is met by any value (the rate moves with date and place).
    /// </remarks>
    public static RuleRelation RelateOn(string kindId, Rule a, Rule b, EvidenceKind? kind = null, AlignmentRates? rates = null)
    {
        ArgumentNullException.ThrowIfNull(kindId);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var rated = rates is not null && new[] { a, b }.SelectMany(r => r.Leaves()).Any(l => l.ComparesWithRate && l.Kind == kindId);
        var samples = Samples(kindId, [a, b], kind, rated ? rates!.Thresholds() : []);
        var worlds = rated ? AlignmentRates.Areas.Select(area => (RateContext?)rates!.In(area)).ToList() : [null];
        var inA = new List<bool>();
        var inB = new List<bool>();
        foreach (var world in worlds)
        {
            foreach (var x in samples)
            {
                inA.Add(Allows(a, kindId, x, world, rates?.Day));
                inB.Add(Allows(b, kindId, x, world, rates?.Day));
            }
        }

        return Relation(inA, inB);
    }

    /// <summary>How two requirements compare given, for each case considered, whether each can be met in it.</summary>
    internal static RuleRelation Relation(IReadOnlyList<bool> inA, IReadOnlyList<bool> inB)
    {
        bool aInB = true, bInA = true, shared = false;
        for (var i = 0; i < inA.Count; i++)
        {
            aInB &= !inA[i] || inB[i];
            bInA &= !inB[i] || inA[i];
            shared |= inA[i] && inB[i];
        }

        return (aInB, bInA) switch
        {
            (true, true) => RuleRelation.Equal,
            (true, false) => RuleRelation.Stricter,
            (false, true) => RuleRelation.Looser,
            _ => shared ? RuleRelation.Overlapping : RuleRelation.Disjoint,
        };
    }

    /// <summary>True when the rule can be met with no evidence of the kind at all (the kind is only an alternative).</summary>
    public static bool CanBeMetWithout(Rule rule, string kindId)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Allows(rule, kindId, null);
    }

    /// <summary>
    /// Can the rule be met when the kind has value <paramref name="x"/> (null: no evidence) and every other kind is
    /// favourable? A leaf compared with a wage rate is compared with the rate in force in <paramref name="world"/> on
    /// <paramref name="day"/>; with no world, any value may meet it on some day, in some place.
    /// </summary>
    internal static bool Allows(Rule rule, string kindId, EvidenceValue? x, RateContext? world = null, DateOnly? day = null) =>
        Allows(rule, leaf =>
            !string.Equals(leaf.Kind, kindId, StringComparison.Ordinal) ||
            (!leaf.ComparesWithRate ? CharterEvaluator.Holds(leaf, x)
                : world is null ? x is not null
                : CharterEvaluator.HoldsAgainstRate(leaf, x is null ? null : new EvidenceFact(x, kindId, day), world)));

    /// <summary>Whether a rule can be met when each leaf is met as <paramref name="leafHolds"/> says.</summary>
    internal static bool Allows(Rule rule, Func<Rule, bool> leafHolds)
    {
        if (rule.IsLeaf)
        {
            return leafHolds(rule);
        }

        var children = rule.Of ?? [];
        return rule.Op switch
        {
            RuleOp.AllOf => children.All(c => Allows(c, leafHolds)),
            RuleOp.AnyOf => children.Any(c => Allows(c, leafHolds)),
            RuleOp.AtLeast => children.Count(c => Allows(c, leafHolds)) >= rule.AtLeast,
            _ => false,
        };
    }

    /// <summary>One value from every region the thresholds can tell apart, plus null for "no evidence".</summary>
    internal static List<EvidenceValue?> Samples(string kindId, IEnumerable<Rule> rules, EvidenceKind? kind, IEnumerable<decimal>? moreThresholds = null,
        IEnumerable<EvidenceValue>? moreConstants = null)
    {
        var constants = rules.SelectMany(r => r.Leaves())
            .Where(l => string.Equals(l.Kind, kindId, StringComparison.Ordinal))
            .SelectMany(l => l.Values ?? (l.Value is null ? [] : [l.Value]))
            .Concat(moreConstants ?? [])
            .ToList();
        var type = kind?.Type ?? constants.FirstOrDefault()?.Type;
        var samples = new List<EvidenceValue?> { null };
        switch (type)
        {
            case null:
                // Only 'present' on this kind: any value stands for all.
                samples.Add(EvidenceValue.FromBool(true));
                break;

            case EvidenceType.Bool:
                samples.Add(EvidenceValue.FromBool(true));
                samples.Add(EvidenceValue.FromBool(false));
                break;

            case EvidenceType.Choice or EvidenceType.Document:
                var texts = constants.Where(c => c.Text is not null).Select(c => c.Text!).ToList();
                if (type == EvidenceType.Choice && kind?.Choices is { Count: > 0 } choices)
                {
                    texts.AddRange(choices);
                }
                else
                {
                    texts.Add("\u0000any-other-value");
                }

                samples.AddRange(texts.Distinct(StringComparer.Ordinal).Select(t => new EvidenceValue(type.Value, Text: t)));
                break;

            case EvidenceType.Date:
                var days = constants.Select(c => c.AsDate).OfType<DateOnly>().Select(d => (decimal)d.DayNumber);
                samples.AddRange(Ordered(days, DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber, wholeNumbers: true)
                    .Select(n => EvidenceValue.FromDate(DateOnly.FromDayNumber((int)n))));
                break;

            default:
                var lo = kind?.LowestAllowed ?? 0m;
                var hi = kind?.HighestAllowed ?? (type == EvidenceType.Percent ? 100m : null);
                var numbers = constants.Where(c => c.Number is not null).Select(c => c.Number!.Value)
                    .Concat(type == EvidenceType.Money ? moreThresholds ?? [] : []);
                samples.AddRange(Ordered(numbers, lo, hi, type.Value.IsWholeNumber())
                    .Select(n => EvidenceValue.FromNumber(type.Value, n)));
                break;
        }

        return samples;
    }

    /// <summary>Each threshold, a point strictly between each neighbouring pair, and one beyond each end, kept inside [lo, hi].</summary>
    private static IEnumerable<decimal> Ordered(IEnumerable<decimal> thresholds, decimal? lo, decimal? hi, bool wholeNumbers)
    {
        var points = thresholds.Concat(lo is null ? [] : [lo.Value]).Concat(hi is null ? [] : [hi.Value])
            .Distinct().Order().ToList();
        var samples = new List<decimal>(points);
        if (points.Count == 0)
        {
            samples.Add(lo ?? 0m);
        }
        else
        {
            for (var i = 0; i + 1 < points.Count; i++)
            {
                if (wholeNumbers)
                {
                    var next = decimal.Floor(points[i]) + 1;
                    if (next < points[i + 1])
                    {
                        samples.Add(next);
                    }
                }
                else
                {
                    samples.Add((points[i] / 2) + (points[i + 1] / 2));
                }
            }

            if (points[0] > decimal.MinValue + 1)
            {
                samples.Add(wholeNumbers ? decimal.Ceiling(points[0]) - 1 : points[0] - 1);
            }

            if (points[^1] < decimal.MaxValue - 1)
            {
                samples.Add(wholeNumbers ? decimal.Floor(points[^1]) + 1 : points[^1] + 1);
            }
        }

        return samples.Where(x => (lo is null || x >= lo) && (hi is null || x <= hi) && (!wholeNumbers || x == decimal.Truncate(x)))
            .Distinct();
    }
}
