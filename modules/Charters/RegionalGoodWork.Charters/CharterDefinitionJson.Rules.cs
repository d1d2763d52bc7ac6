using System.Text.Json;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters;

internal static partial class CharterDefinitionJson
{
    /// <summary>The rules of a definition: leaves against the catalogue's kinds and the operator table, combinations nested.</summary>
    private sealed partial class Reader
    {
        private Rule? ReadRule(JsonElement element, string path, int depth)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Errors.Add(path, "A rule is an object: a leaf {kind, op, value} or {allOf: [..]}, {anyOf: [..]}, {atLeast: n, of: [..]}.");
                return null;
            }

            if (depth > MaxRuleDepth)
            {
                Errors.Add(path, $"Rules nest at most {MaxRuleDepth} deep.");
                return null;
            }

            UnknownFields(element, RuleFields, path + ".");
            var isLeaf = Has(element, "kind") || Has(element, "op") || Has(element, "value");
            var shapes = (isLeaf ? 1 : 0) + (Has(element, "allOf") ? 1 : 0) + (Has(element, "anyOf") ? 1 : 0) +
                         (Has(element, "atLeast") || Has(element, "of") ? 1 : 0);
            if (shapes != 1)
            {
                Errors.Add(path, shapes == 0
                    ? "Empty rule: give a leaf {kind, op, value} or a combination {allOf}, {anyOf}, {atLeast, of}."
                    : "A rule is exactly one of: a leaf {kind, op, value}, {allOf}, {anyOf} or {atLeast, of} — not several.");
                return null;
            }

            var before = Errors.Count;
            if (isLeaf)
            {
                var leaf = ReadLeaf(element, path);
                return Errors.Count == before ? leaf : null;
            }

            if (Has(element, "allOf") || Has(element, "anyOf"))
            {
                var op = Has(element, "allOf") ? RuleOp.AllOf : RuleOp.AnyOf;
                var (children, _) = ReadChildren(element, op.ToWire(), path, depth);
                return Errors.Count == before && children is not null ? new Rule(op, Of: children) : null;
            }

            int? n = null;
            if (!element.TryGetProperty("atLeast", out var atLeast) || atLeast.ValueKind == JsonValueKind.Null)
            {
                Errors.Add(path + ".atLeast", "Required with 'of': how many of the rules must hold.");
            }
            else if (atLeast.ValueKind != JsonValueKind.Number || !atLeast.TryGetInt32(out var count))
            {
                Errors.Add(path + ".atLeast", "Must be a whole number.");
            }
            else if (count < 1)
            {
                Errors.Add(path + ".atLeast", $"Must be at least 1 (was {count}).");
            }
            else
            {
                n = count;
            }

            var (of, listed) = ReadChildren(element, "of", path, depth);
            if (n is { } k && listed > 0 && k > listed)
            {
                Errors.Add(path + ".atLeast", $"atLeast {k} is larger than its list of {listed} rule(s).");
            }

            return Errors.Count == before && n is not null && of is not null ? new Rule(RuleOp.AtLeast, Of: of, AtLeast: n.Value) : null;
        }

        private (List<Rule>? Rules, int Listed) ReadChildren(JsonElement element, string name, string path, int depth)
        {
            var childPath = $"{path}.{name}";
            if (!element.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
            {
                Errors.Add(childPath, "Required: the list of rules.");
                return (null, 0);
            }

            if (list.ValueKind != JsonValueKind.Array)
            {
                Errors.Add(childPath, "Must be a list of rules.");
                return (null, 0);
            }

            if (list.GetArrayLength() == 0)
            {
                Errors.Add(childPath, $"Empty combination: '{name}' needs at least one rule.");
                return (null, 0);
            }

            if (list.GetArrayLength() > MaxListLength)
            {
                Errors.Add(childPath, $"At most {MaxListLength} rules in one combination.");
                return (null, list.GetArrayLength());
            }

            var children = new List<Rule>();
            var i = 0;
            foreach (var child in list.EnumerateArray())
            {
                if (ReadRule(child, $"{childPath}[{i++}]", depth + 1) is { } rule)
                {
                    children.Add(rule);
                }
            }

            return (children, i);
        }

        private Rule? ReadLeaf(JsonElement element, string path)
        {
            EvidenceKind? kind = null;
            var kindId = Text(element, "kind", path + ".kind", required: true, max: 100);
            if (kindId is not null)
            {
                kind = catalogue.FindKind(kindId);
                if (kind is null)
                {
                    Errors.Add(path + ".kind", $"Unknown evidence kind '{kindId}'.");
                }
            }

            var opName = Text(element, "op", path + ".op", required: true, max: 20);
            RuleOp? op = null;
            if (opName is not null)
            {
                if (RuleOps.TryParseLeaf(opName, out var parsed))
                {
                    op = parsed;
                }
                else
                {
                    Errors.Add(path + ".op", $"Unknown operator '{opName}'; use one of {string.Join(", ", RuleOps.LeafNames)}.");
                }
            }

            if (kind is not null && op is { } o && !o.AppliesTo(kind.Type))
            {
                var usable = RuleOps.LeafNamesFor(kind.Type);
                Errors.Add(path + ".op", $"'{o.ToWire()}' does not apply to {kind.Id} (of type {kind.Type.ToWire()}); use one of {string.Join(", ", usable)}.");
            }

            var hasValue = element.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null;
            var valuePath = path + ".value";
            EvidenceValue? single = null;
            List<EvidenceValue>? list = null;
            string? rate = null;
            switch (op)
            {
                case RuleOp.Present:
                    if (hasValue)
                    {
                        Errors.Add(valuePath, "'present' takes no value: it holds whenever the evidence is there.");
                    }

                    break;

                case RuleOp.In:
                    if (!hasValue || value.ValueKind != JsonValueKind.Array)
                    {
                        Errors.Add(valuePath, "'in' takes a list of values, e.g. [\"milestones\", \"all\"].");
                    }
                    else if (value.GetArrayLength() == 0)
                    {
                        Errors.Add(valuePath, "'in' needs at least one value.");
                    }
                    else if (value.GetArrayLength() > MaxListLength)
                    {
                        Errors.Add(valuePath, $"At most {MaxListLength} values.");
                    }
                    else
                    {
                        list = [];
                        var i = 0;
                        foreach (var item in value.EnumerateArray())
                        {
                            if (CheckValue(kind, item, $"{valuePath}[{i++}]") is { } v)
                            {
                                list.Add(v);
                            }
                        }
                    }

                    break;

                case null:
                    // Unknown operator: still say whether the value fits the kind.
                    if (hasValue && value.ValueKind != JsonValueKind.Array)
                    {
                        CheckValue(kind, value, valuePath);
                    }

                    break;

                default:
                    if (!hasValue)
                    {
                        Errors.Add(valuePath, $"'{op.Value.ToWire()}' needs a value to compare with.");
                    }
                    else if (value.ValueKind == JsonValueKind.Array)
                    {
                        Errors.Add(valuePath, $"'{op.Value.ToWire()}' takes one value, not a list (use 'in' for a list).");
                    }
                    else if (value.ValueKind == JsonValueKind.Object)
                    {
                        rate = ReadRate(kind, op.Value, value, valuePath);
                    }
                    else
                    {
                        single = CheckValue(kind, value, valuePath);
                    }

                    break;
            }

            return kind is null || op is null ? null : new Rule(op.Value, kind.Id, single, list, Rate: rate);
        }

        /// <summary>
        /// A value <c>{"rate": scheme}</c>: the leaf compares with the scheme's rate in force where the staff work, on the
        /// evidence's effective date. Only for money kinds and the order operators.
        /// </summary>
        private string? ReadRate(EvidenceKind? kind, RuleOp op, JsonElement value, string path)
        {
            foreach (var field in value.EnumerateObject().Where(f => f.Name != "rate"))
            {
                Errors.Add($"{path}.{field.Name}", "Unknown field: a rate value is {\"rate\": scheme}.");
            }

            var scheme = value.TryGetProperty("rate", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (scheme is null)
            {
                Errors.Add(path + ".rate", $"Required: the wage-rate scheme to compare with, one of {string.Join(", ", WageRateSchemes.All)}.");
            }
            else if (!WageRateSchemes.IsKnown(scheme))
            {
                Errors.Add(path + ".rate", $"Unknown wage-rate scheme '{scheme}'; use one of {string.Join(", ", WageRateSchemes.All)} (GET /api/v1/wage-rates).");
                scheme = null;
            }

            if (kind is not null && kind.Type != EvidenceType.Money)
            {
                Errors.Add(path, $"Only a money kind compares with a wage rate; {kind.Id} is of type {kind.Type.ToWire()}.");
                return null;
            }

            if (op is not (RuleOp.Gt or RuleOp.Gte or RuleOp.Lt or RuleOp.Lte))
            {
                Errors.Add(path, $"A wage rate is compared with gt, gte, lt or lte, not '{op.ToWire()}'.");
                return null;
            }

            return scheme;
        }

        private EvidenceValue? CheckValue(EvidenceKind? kind, JsonElement value, string path)
        {
            if (kind is null)
            {
                return null;
            }

            var (parsed, error) = kind.Validate(value);
            if (error is not null)
            {
                Errors.Add(path, $"The value {error}");
            }

            return parsed;
        }
    }
}
