using System.Text.Json;
using System.Text.Json.Serialization;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>A rule's operator: the leaf comparisons on one evidence kind, then the combinations.</summary>
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

public static class RuleOps
{
    /// <summary>The leaf operators' wire names, in <see cref="RuleOp"/> order.</summary>
    public static IReadOnlyList<string> LeafNames { get; } = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "present"];

    public static bool IsLeaf(this RuleOp op) => op <= RuleOp.Present;

    public static string ToWire(this RuleOp op) => op switch
    {
        RuleOp.AllOf => "allOf",
        RuleOp.AnyOf => "anyOf",
        RuleOp.AtLeast => "atLeast",
        _ => LeafNames[(int)op],
    };

    public static bool TryParseLeaf(string? name, out RuleOp op)
    {
        for (var i = 0; i < LeafNames.Count; i++)
        {
            if (string.Equals(LeafNames[i], name, StringComparison.Ordinal))
            {
                op = (RuleOp)i;
                return true;
            }
        }

        op = default;
        return false;
    }

    /// <summary>Whether a leaf operator applies to a value type: order only where values are ordered, <c>in</c> not on documents.</summary>
    public static bool AppliesTo(this RuleOp op, EvidenceType type) => op switch
    {
        RuleOp.Present => true,
        RuleOp.Eq or RuleOp.Ne or RuleOp.In => type != EvidenceType.Document,
        RuleOp.Gt or RuleOp.Gte or RuleOp.Lt or RuleOp.Lte => type.IsOrdered(),
        _ => false,
    };
}

/// <summary>
/// A requirement's criterion. A leaf compares one evidence kind (<see cref="Kind"/>, <see cref="Op"/> and
/// <see cref="Value"/>, or <see cref="Values"/> for <c>in</c>, nothing for <c>present</c>); a combination holds
/// <see cref="Of"/>: all of, any of, or at least <see cref="AtLeast"/> of them. Build with the factories; read from
/// JSON with <see cref="CharterDefinitionJson"/>. On the wire: <c>{kind, op, value}</c>, <c>{allOf: [..]}</c>,
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
    [property: Id(5)] int AtLeast = 0)
{
    public bool IsLeaf => Op.IsLeaf();

    public static Rule Leaf(string kind, RuleOp op, EvidenceValue value)
    {
        if (!op.IsLeaf() || op is RuleOp.In or RuleOp.Present)
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
        return Op == other.Op && Kind == other.Kind && Equals(Value, other.Value) && AtLeast == other.AtLeast &&
               (Values ?? []).SequenceEqual(other.Values ?? []) &&
               (Of ?? []).Count == (other.Of ?? []).Count &&
               (Of ?? []).Zip(other.Of ?? []).All(p => p.First.SameAs(p.Second));
    }

    public override string ToString() => CharterDefinitionJson.WriteRule(this).ToJsonString();
}

/// <summary>Writes a <see cref="Rule"/> in its wire shape. Reading needs the catalogue: use <see cref="CharterDefinitionJson"/>.</summary>
public sealed class RuleJsonConverter : JsonConverter<Rule>
{
    public override Rule Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Rules are read against the taxonomy: use CharterDefinitionJson.Read.");

    public override void Write(Utf8JsonWriter writer, Rule value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        CharterDefinitionJson.WriteRule(value).WriteTo(writer);
    }
}
