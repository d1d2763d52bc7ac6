using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>
/// Writes a <see cref="Rule"/> in its wire shape: <c>{kind, op, value}</c>, <c>{allOf: [..]}</c>, <c>{anyOf: [..]}</c>,
/// <c>{atLeast: n, of: [..]}</c>, shaped by the operator's entry in <see cref="RuleOps.All"/>. Reading needs the
/// taxonomy, so only the Charters module reads rules (a draft through the charter grain).
/// </summary>
public sealed class RuleJsonConverter : JsonConverter<Rule>
{
    public override Rule Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Rules are read against the taxonomy: save a draft through the charter grain.");

    public override void Write(Utf8JsonWriter writer, Rule value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        ToJson(value).WriteTo(writer);
    }

    /// <summary>The rule in its wire shape.</summary>
    public static JsonObject ToJson(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var op = rule.Op.Describe();
        switch (op.Operand)
        {
            case RuleOperand.Rules:
                return new JsonObject { [op.Name] = Children(rule) };
            case RuleOperand.CountOfRules:
                return new JsonObject { [op.Name] = rule.AtLeast, ["of"] = Children(rule) };
            default:
                var o = new JsonObject { ["kind"] = rule.Kind, ["op"] = op.Name };
                if (op.Operand == RuleOperand.Values)
                {
                    o["value"] = new JsonArray((rule.Values ?? []).Select(v => (JsonNode?)v.ToJsonNode()).ToArray());
                }
                else if (op.Operand == RuleOperand.Value && rule.Rate is not null)
                {
                    o["value"] = new JsonObject { ["rate"] = rule.Rate };
                }
                else if (op.Operand == RuleOperand.Value && rule.Value is not null)
                {
                    o["value"] = rule.Value.ToJsonNode();
                }

                return o;
        }

        static JsonArray Children(Rule r) => new((r.Of ?? []).Select(c => (JsonNode?)ToJson(c)).ToArray());
    }
}
