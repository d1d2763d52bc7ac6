using System.Text.Json;
using System.Text.Json.Nodes;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters;

/// <summary>
/// Reads a charter definition (the body of <c>PUT /api/v1/charters/{id}/draft</c>, or a shipped charter file) against the
/// taxonomy, checking it as a whole and reporting EVERY problem at once, keyed by JSON path
/// (<c>requirements[2].rule.anyOf[1].kind</c>); and writes definitions back in the same shape (<see cref="CharterDocument"/>,
/// the contract's wire shape). Pure. The rules are read in <c>CharterDefinitionJson.Rules.cs</c>.
/// </summary>
internal static partial class CharterDefinitionJson
{
    public const int MaxRequirements = 500;
    public const int MaxTiers = 10;
    public const int MaxRuleDepth = 8;
    public const int MaxListLength = 50;

    private static readonly HashSet<string> DefinitionFields = new(StringComparer.Ordinal)
        { "name", "owner", "tiers", "requirements", "description", "notes", "review" };

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
        return JsonSerializer.SerializeToNode(CharterDocument.Of(definition))!.AsObject();
    }

    private static string SlugMessage(string? id) =>
        $"'{id}' is not a charter id: a lowercase slug such as gm-gec (letters, digits, hyphens; at most 80 characters).";

    private sealed partial class Reader
    {
        private readonly EvidenceCatalogue catalogue;

        public Reader(EvidenceCatalogue catalogue) => this.catalogue = catalogue;

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
            var review = Text(root, "review", "review", required: false, max: 20);
            if (review is not null && review != CharterDefinition.OfficerReview)
            {
                Errors.Add("review", $"'{review}' is not a review: \"{CharterDefinition.OfficerReview}\" (tiers approved by the charter's officers) or absent (tiers held as assessed).");
            }

            var tiers = ReadTiers(root);
            var requirements = ReadRequirements(root, tiers);
            return new CharterDefinition(name ?? string.Empty, owner ?? string.Empty, tiers ?? [], requirements, description, notes, review);
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
