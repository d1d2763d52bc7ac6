using System.Text.Json;
using System.Text.Json.Nodes;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>
/// Reads a charter definition (the body of <c>PUT /api/v1/charters/{id}/draft</c>, or a shipped charter file) against the
/// taxonomy, checking it as a whole and reporting EVERY problem at once, keyed by JSON path
/// (<c>requirements[2].rule.anyOf[1].kind</c>); and writes definitions back in the same shape. Pure.
/// </summary>
public static class CharterDefinitionJson
{
    public const int MaxRequirements = 500;
    public const int MaxTiers = 10;
    public const int MaxRuleDepth = 8;
    public const int MaxListLength = 50;

    private static readonly HashSet<string> DefinitionFields = new(StringComparer.Ordinal)
        { "name", "owner", "tiers", "requirements", "description", "notes" };

    private static readonly HashSet<string> RequirementFields = new(StringComparer.Ordinal)
        { "id", "title", "tier", "principle", "rule", "unconfirmed", "notes" };

    private static readonly HashSet<string> RuleFields = new(StringComparer.Ordinal)
        { "kind", "op", "value", "allOf", "anyOf", "atLeast", "of" };

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    /// <summary>Reads a definition from JSON text (bad JSON is reported as a problem, not thrown).</summary>
    public static Outcome<CharterDefinition> Read(string charterId, string json, EvidenceCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, ParseOptions);
            return Read(charterId, document.RootElement, catalogue);
        }
        catch (JsonException ex)
        {
            var errors = new ValidationErrors();
            if (!Ids.IsSlug(charterId))
            {
                errors.Add("charterId", SlugMessage(charterId));
            }

            errors.Add("$", $"Not valid JSON: {ex.Message}");
            return Problem.Invalid(errors);
        }
    }

    /// <summary>Reads a definition from a JSON element, checking it against the catalogue.</summary>
    public static Outcome<CharterDefinition> Read(string charterId, JsonElement root, EvidenceCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        var reader = new Reader(catalogue);
        var definition = reader.ReadDefinition(charterId, root);
        return reader.Errors.Any || definition is null ? Problem.Invalid(reader.Errors) : Outcome<CharterDefinition>.Ok(definition);
    }

    /// <summary>The definition in its wire shape (what <see cref="Read(string, JsonElement, EvidenceCatalogue)"/> reads).</summary>
    public static JsonObject Write(CharterDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var o = new JsonObject
        {
            ["name"] = definition.Name,
            ["owner"] = definition.Owner,
        };
        if (definition.Description is not null)
        {
            o["description"] = definition.Description;
        }

        if (definition.Notes is not null)
        {
            o["notes"] = definition.Notes;
        }

        o["tiers"] = new JsonArray(definition.Tiers.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        o["requirements"] = new JsonArray(definition.Requirements.Select(r => (JsonNode?)WriteRequirement(r)).ToArray());
        return o;
    }

    public static JsonObject WriteRequirement(Requirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        var o = new JsonObject
        {
            ["id"] = requirement.Id,
            ["title"] = requirement.Title,
            ["tier"] = requirement.Tier,
        };
        if (requirement.Principle is not null)
        {
            o["principle"] = requirement.Principle;
        }

        o["rule"] = WriteRule(requirement.Rule);
        if (requirement.Unconfirmed)
        {
            o["unconfirmed"] = true;
        }

        if (requirement.Notes is not null)
        {
            o["notes"] = requirement.Notes;
        }

        return o;
    }

    public static JsonObject WriteRule(Rule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        switch (rule.Op)
        {
            case RuleOp.AllOf or RuleOp.AnyOf:
                return new JsonObject { [rule.Op.ToWire()] = Children(rule) };
            case RuleOp.AtLeast:
                return new JsonObject { ["atLeast"] = rule.AtLeast, ["of"] = Children(rule) };
            default:
                var o = new JsonObject { ["kind"] = rule.Kind, ["op"] = rule.Op.ToWire() };
                if (rule.Op == RuleOp.In)
                {
                    o["value"] = new JsonArray((rule.Values ?? []).Select(v => (JsonNode?)v.ToJsonNode()).ToArray());
                }
                else if (rule.Op != RuleOp.Present && rule.Value is not null)
                {
                    o["value"] = rule.Value.ToJsonNode();
                }

                return o;
        }

        static JsonArray Children(Rule r) => new((r.Of ?? []).Select(c => (JsonNode?)WriteRule(c)).ToArray());
    }

    private static string SlugMessage(string? id) =>
        $"'{id}' is not a charter id: a lowercase slug such as gm-gec (letters, digits, hyphens; at most 80 characters).";

    private sealed class Reader(EvidenceCatalogue catalogue)
    {
        public ValidationErrors Errors { get; } = new();

        public CharterDefinition? ReadDefinition(string charterId, JsonElement root)
        {
            if (!Ids.IsSlug(charterId))
            {
                Errors.Add("charterId", SlugMessage(charterId));
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                Errors.Add("$", "A charter definition is a JSON object {name, owner, tiers, requirements}.");
                return null;
            }

            UnknownFields(root, DefinitionFields, string.Empty);
            var name = Text(root, "name", "name", required: true, max: 200);
            var owner = Text(root, "owner", "owner", required: true, max: 20);
            if (owner is not null && !Ids.IsGssCode(owner))
            {
                Errors.Add("owner", $"'{owner}' is not an ONS GSS code such as E47000001 (the owning combined authority or council).");
            }

            var description = Text(root, "description", "description", required: false, max: 4000);
            var notes = Text(root, "notes", "notes", required: false, max: 8000);
            var tiers = ReadTiers(root);
            var requirements = ReadRequirements(root, tiers);
            return new CharterDefinition(name ?? string.Empty, owner ?? string.Empty, tiers ?? [], requirements, description, notes);
        }

        private List<string>? ReadTiers(JsonElement root)
        {
            if (!root.TryGetProperty("tiers", out var tiers) || tiers.ValueKind == JsonValueKind.Null)
            {
                Errors.Add("tiers", "Required: the tiers, lowest first (e.g. [\"supporter\", \"member\"]).");
                return null;
            }

            if (tiers.ValueKind != JsonValueKind.Array)
            {
                Errors.Add("tiers", "Must be a list of tier names, lowest first.");
                return null;
            }

            var list = new List<string>();
            var i = 0;
            foreach (var tier in tiers.EnumerateArray())
            {
                var path = $"tiers[{i++}]";
                if (tier.ValueKind != JsonValueKind.String || !Ids.IsSlug(tier.GetString()))
                {
                    Errors.Add(path, "A tier name is a lowercase slug such as member.");
                    continue;
                }

                var name = tier.GetString()!;
                if (list.Contains(name, StringComparer.Ordinal))
                {
                    Errors.Add(path, $"Duplicate tier '{name}'.");
                    continue;
                }

                list.Add(name);
            }

            if (i == 0)
            {
                Errors.Add("tiers", "A charter needs at least one tier.");
            }
            else if (i > MaxTiers)
            {
                Errors.Add("tiers", $"At most {MaxTiers} tiers.");
            }

            return list;
        }

        private List<Requirement> ReadRequirements(JsonElement root, List<string>? tiers)
        {
            var result = new List<Requirement>();
            if (!root.TryGetProperty("requirements", out var requirements) || requirements.ValueKind == JsonValueKind.Null)
            {
                Errors.Add("requirements", "Required: the list of requirements (it may be empty).");
                return result;
            }

            if (requirements.ValueKind != JsonValueKind.Array)
            {
                Errors.Add("requirements", "Must be a list of requirements.");
                return result;
            }

            if (requirements.GetArrayLength() > MaxRequirements)
            {
                Errors.Add("requirements", $"At most {MaxRequirements} requirements.");
                return result;
            }

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var i = 0;
            foreach (var element in requirements.EnumerateArray())
            {
                var path = $"requirements[{i}]";
                if (element.ValueKind != JsonValueKind.Object)
                {
                    Errors.Add(path, "A requirement is an object {id, title, tier, principle, rule}.");
                    i++;
                    continue;
                }

                UnknownFields(element, RequirementFields, path + ".");
                var id = Text(element, "id", path + ".id", required: true, max: 80);
                if (id is not null)
                {
                    if (!Ids.IsSlug(id))
                    {
                        Errors.Add(path + ".id", $"'{id}' is not a requirement id: a lowercase slug such as real-living-wage.");
                    }
                    else if (seen.TryGetValue(id, out var first))
                    {
                        Errors.Add(path + ".id", $"Duplicate requirement id '{id}' (also requirements[{first}]).");
                    }
                    else
                    {
                        seen[id] = i;
                    }
                }

                var title = Text(element, "title", path + ".title", required: true, max: 300);
                var tier = Text(element, "tier", path + ".tier", required: true, max: 80);
                if (tier is not null && tiers is not null && !tiers.Contains(tier, StringComparer.Ordinal))
                {
                    Errors.Add(path + ".tier", $"Unknown tier '{tier}'; this charter's tiers are {string.Join(", ", tiers)}.");
                }

                var principle = Text(element, "principle", path + ".principle", required: false, max: 80);
                if (principle is not null && !catalogue.HasPrinciple(principle))
                {
                    Errors.Add(path + ".principle",
                        $"Unknown principle '{principle}'; use one of {string.Join(", ", catalogue.Principles.Select(p => p.Id))}.");
                }

                var unconfirmed = false;
                if (element.TryGetProperty("unconfirmed", out var u) && u.ValueKind != JsonValueKind.Null)
                {
                    if (u.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    {
                        unconfirmed = u.GetBoolean();
                    }
                    else
                    {
                        Errors.Add(path + ".unconfirmed", "Must be true or false.");
                    }
                }

                var notes = Text(element, "notes", path + ".notes", required: false, max: 4000);
                Rule? rule = null;
                if (!element.TryGetProperty("rule", out var ruleElement) || ruleElement.ValueKind == JsonValueKind.Null)
                {
                    Errors.Add(path + ".rule", "Required: the criterion, e.g. {\"kind\": \"pay.rlw-accredited\", \"op\": \"eq\", \"value\": true}.");
                }
                else
                {
                    rule = ReadRule(ruleElement, path + ".rule", 1);
                }

                if (id is not null && title is not null && tier is not null && rule is not null)
                {
                    result.Add(new Requirement(id, title, tier, principle, rule, unconfirmed, notes));
                }

                i++;
            }

            return result;
        }

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
                    else
                    {
                        single = CheckValue(kind, value, valuePath);
                    }

                    break;
            }

            return kind is null || op is null ? null : new Rule(op.Value, kind.Id, single, list);
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

        private string? Text(JsonElement element, string name, string path, bool required, int max)
        {
            if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Errors.Add(path, "Required.");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Errors.Add(path, "Must be text.");
                return null;
            }

            var text = value.GetString()!;
            if (required && string.IsNullOrWhiteSpace(text))
            {
                Errors.Add(path, "Must not be empty.");
                return null;
            }

            if (text.Length > max)
            {
                Errors.Add(path, $"At most {max} characters.");
                return null;
            }

            return text;
        }

        private void UnknownFields(JsonElement element, HashSet<string> known, string prefix)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name))
                {
                    Errors.Add(prefix + property.Name, $"Unknown field '{property.Name}'; known here: {string.Join(", ", known)}.");
                }
            }
        }

        private static bool Has(JsonElement element, string name) => element.TryGetProperty(name, out _);
    }
}
