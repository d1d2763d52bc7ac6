using System.Text.Json.Serialization;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>
/// A rule's operator. The number is what grain state stores: never renumber one, never reuse one; a new operator takes
/// the next free number and one entry in <see cref="RuleOps.All"/>. Nothing depends on the order of the members.
/// </summary>
public enum RuleOp
{
    Eq = 0,
    Ne = 1,
    Gt = 2,
    Gte = 3,
    Lt = 4,
    Lte = 5,
    In = 6,
    Present = 7,
    AllOf = 8,
    AnyOf = 9,
    AtLeast = 10,
}

/// <summary>What an operator takes besides the evidence kind (leaves) or what it combines (combinations).</summary>
public enum RuleOperand
{
    /// <summary>A leaf with no value (<c>present</c>).</summary>
    None = 0,

    /// <summary>A leaf comparing with one value (<c>{kind, op, value}</c>).</summary>
    Value = 1,

    /// <summary>A leaf with a list of values (<c>{kind, op: "in", value: [..]}</c>).</summary>
    Values = 2,

    /// <summary>A combination of rules (<c>{allOf: [..]}</c>, <c>{anyOf: [..]}</c>).</summary>
    Rules = 3,

    /// <summary>A count and a list of rules (<c>{atLeast: n, of: [..]}</c>).</summary>
    CountOfRules = 4,
}

/// <summary>
/// One operator described: <see cref="Stored"/> is its number in grain state (the <see cref="RuleOp"/> value),
/// <see cref="Name"/> its JSON name (the <c>op</c> of a leaf, the field of a combination), <see cref="Operand"/> what it
/// takes, and for a leaf which value types it applies to.
/// </summary>
public sealed record RuleOperator(RuleOp Op, int Stored, string Name, RuleOperand Operand, Func<EvidenceType, bool> Applies)
{
    public bool IsLeaf => Operand is RuleOperand.None or RuleOperand.Value or RuleOperand.Values;
}

/// <summary>The one table of rule operators (<see cref="All"/>) and the helpers that read it.</summary>
public static class RuleOps
{
    private static readonly Func<EvidenceType, bool> Never = _ => false;

    /// <summary>Every operator, one entry each. A new operator is one more entry (and its meaning in the evaluator).</summary>
    public static IReadOnlyList<RuleOperator> All { get; } =
    [
        new(RuleOp.Eq, 0, "eq", RuleOperand.Value, t => t != EvidenceType.Document),
        new(RuleOp.Ne, 1, "ne", RuleOperand.Value, t => t != EvidenceType.Document),
        new(RuleOp.Gt, 2, "gt", RuleOperand.Value, t => t.IsOrdered()),
        new(RuleOp.Gte, 3, "gte", RuleOperand.Value, t => t.IsOrdered()),
        new(RuleOp.Lt, 4, "lt", RuleOperand.Value, t => t.IsOrdered()),
        new(RuleOp.Lte, 5, "lte", RuleOperand.Value, t => t.IsOrdered()),
        new(RuleOp.In, 6, "in", RuleOperand.Values, t => t != EvidenceType.Document),
        new(RuleOp.Present, 7, "present", RuleOperand.None, _ => true),
        new(RuleOp.AllOf, 8, "allOf", RuleOperand.Rules, Never),
        new(RuleOp.AnyOf, 9, "anyOf", RuleOperand.Rules, Never),
        new(RuleOp.AtLeast, 10, "atLeast", RuleOperand.CountOfRules, Never),
    ];

    private static readonly Dictionary<RuleOp, RuleOperator> ByOp = All.ToDictionary(o => o.Op);

    private static readonly Dictionary<string, RuleOperator> LeavesByName =
        All.Where(o => o.IsLeaf).ToDictionary(o => o.Name, StringComparer.Ordinal);

    /// <summary>The leaf operators' JSON names, in table order.</summary>
    public static IReadOnlyList<string> LeafNames { get; } = All.Where(o => o.IsLeaf).Select(o => o.Name).ToList();

    /// <summary>The operator's entry in <see cref="All"/>.</summary>
    public static RuleOperator Describe(this RuleOp op) =>
        ByOp.TryGetValue(op, out var entry) ? entry : throw new ArgumentOutOfRangeException(nameof(op), op, "Not a rule operator.");

    public static bool IsLeaf(this RuleOp op) => ByOp.TryGetValue(op, out var entry) && entry.IsLeaf;

    public static string ToWire(this RuleOp op) => op.Describe().Name;

    public static bool TryParseLeaf(string? name, out RuleOp op)
    {
        if (name is not null && LeavesByName.TryGetValue(name, out var entry))
        {
            op = entry.Op;
            return true;
        }

        op = default;
        return false;
    }

    /// <summary>Whether a leaf operator applies to a value type: order only where values are ordered, <c>in</c> not on documents.</summary>
    public static bool AppliesTo(this RuleOp op, EvidenceType type) => ByOp.TryGetValue(op, out var entry) && entry.IsLeaf && entry.Applies(type);

    /// <summary>The leaf operators' JSON names that apply to a value type, in table order.</summary>
    public static IEnumerable<string> LeafNamesFor(EvidenceType type) => All.Where(o => o.IsLeaf && o.Applies(type)).Select(o => o.Name);
}

/// <summary>
/// A requirement's criterion. A leaf compares one evidence kind (<see cref="Kind"/>, <see cref="Op"/> and
/// <see cref="Value"/>, or <see cref="Values"/> for <c>in</c>, nothing for <c>present</c>); a combination holds
/// <see cref="Of"/>: all of, any of, or at least <see cref="AtLeast"/> of them. Build with the factories; read from
/// JSON by the Charters module (against the taxonomy); written by <see cref="RuleJsonConverter"/>. On the wire: <c>{kind, op, value}</c>, <c>{allOf: [..]}</c>,
/// <c>{anyOf: [..]}</c>, <c>{atLeast: n, of: [..]}</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.rule")]
[JsonConverter(typeof(RuleJsonConverter))]
public sealed record Rule(
    [property: Id(0)] RuleOp Op,
    [property: Id(1)] string? Kind = null,
    [property: Id(2)] EvidenceValue? Value = null,
    [property: Id(3)] IReadOnlyList<EvidenceValue>? Values = null,
    [property: Id(4)] IReadOnlyList<Rule>? Of = null,
    [property: Id(5)] int AtLeast = 0,
    [property: Id(6)] string? Rate = null)
{
    public bool IsLeaf => Op.IsLeaf();

    /// <summary>
    /// A leaf comparing with the rate of a wage-rate scheme in force (<c>{"value": {"rate": "real-living-wage"}}</c>)
    /// where the staff work and on the evidence's effective date, rather than with a constant.
    /// </summary>
    public static Rule AgainstRate(string kind, RuleOp op, string scheme) => new(op, kind, Rate: scheme);

    /// <summary>True for a leaf compared with a wage rate in force (<see cref="Rate"/>).</summary>
    public bool ComparesWithRate => IsLeaf && Rate is not null;

    public static Rule Leaf(string kind, RuleOp op, EvidenceValue value)
    {
        if (!op.IsLeaf() || op.Describe().Operand != RuleOperand.Value)
        {
            throw new ArgumentException($"Use Rule.In or Rule.Present for '{op.ToWire()}'.", nameof(op));
        }

        return new(op, kind, value);
    }

    public static Rule Eq(string kind, bool value) => Leaf(kind, RuleOp.Eq, EvidenceValue.FromBool(value));

    public static Rule In(string kind, params EvidenceValue[] values) => new(RuleOp.In, kind, Values: values);

    public static Rule Present(string kind) => new(RuleOp.Present, kind);

    public static Rule AllOf(params Rule[] rules) => new(RuleOp.AllOf, Of: rules);

    public static Rule AnyOf(params Rule[] rules) => new(RuleOp.AnyOf, Of: rules);

    public static Rule AtLeastOf(int n, params Rule[] rules) => new(RuleOp.AtLeast, Of: rules, AtLeast: n);

    /// <summary>Every leaf of this rule, depth first.</summary>
    public IEnumerable<Rule> Leaves()
    {
        if (IsLeaf)
        {
            yield return this;
            yield break;
        }

        foreach (var child in Of ?? [])
        {
            foreach (var leaf in child.Leaves())
            {
                yield return leaf;
            }
        }
    }

    /// <summary>The evidence kinds this rule reads, each once, in order of first use.</summary>
    public IReadOnlyList<string> Kinds() => Leaves().Select(l => l.Kind!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Records compare lists by reference; this compares rules by what they say.</summary>
    public bool SameAs(Rule other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Op == other.Op && Kind == other.Kind && Equals(Value, other.Value) && AtLeast == other.AtLeast && Rate == other.Rate &&
               (Values ?? []).SequenceEqual(other.Values ?? []) &&
               (Of ?? []).Count == (other.Of ?? []).Count &&
               (Of ?? []).Zip(other.Of ?? []).All(p => p.First.SameAs(p.Second));
    }

    public override string ToString() => RuleJsonConverter.ToJson(this).ToJsonString();
}
