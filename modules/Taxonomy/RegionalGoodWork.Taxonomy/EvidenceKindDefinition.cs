using System.Text.Json;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Taxonomy;

/// <summary>
/// Reads and checks evidence kind definitions (the body of <c>PUT /api/v1/evidence-kinds/{kindId}</c>, which the
/// taxonomy grain receives as text, and the shipped catalogue file), reporting every problem at once, keyed by field.
/// </summary>
internal static class EvidenceKindDefinition
{
    public const int MaxValidityMonths = 600;

    /// <summary>
    /// Reads a kind from JSON text (what <see cref="ITaxonomyGrain.PutKindAsync"/> receives). Text that is not JSON
    /// is Invalid on <c>$</c>, like any other unreadable body.
    /// </summary>
    public static Outcome<EvidenceKind> Read(string kindId, string json, Func<string, bool> principleExists)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            var errors = new ValidationErrors();
            errors.Add("$", "The body must be a JSON object describing the evidence kind.");
            return Problem.Invalid(errors);
        }

        using (document)
        {
            return Read(kindId, document.RootElement, principleExists);
        }
    }

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "id", "principle", "type", "unit", "choices", "validityMonths", "verifiers", "description", "min", "max",
    };

    /// <summary>Reads a kind from JSON. <paramref name="kindId"/> is the id the kind is stored under (the route).</summary>
    public static Outcome<EvidenceKind> Read(string kindId, JsonElement body, Func<string, bool> principleExists)
    {
        ArgumentNullException.ThrowIfNull(principleExists);
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "The body must be a JSON object describing the evidence kind.");
            return Problem.Invalid(errors);
        }

        foreach (var property in body.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                errors.Add(property.Name, $"Unknown field '{property.Name}'; known fields: {string.Join(", ", KnownFields)}.");
            }
        }

        var id = OptionalString(body, "id", errors);
        if (id is not null && !string.Equals(id, kindId, StringComparison.Ordinal))
        {
            errors.Add("id", $"The body's id '{id}' differs from the route's '{kindId}'.");
        }

        var principle = RequiredString(body, "principle", errors);
        var typeName = RequiredString(body, "type", errors);
        var type = EvidenceType.Bool;
        var typeKnown = typeName is not null && EvidenceTypes.TryParse(typeName, out type);
        if (typeName is not null && !typeKnown)
        {
            errors.Add("type", $"Unknown type '{typeName}'; use one of {string.Join(", ", EvidenceTypes.Names)}.");
        }

        var unit = OptionalString(body, "unit", errors);
        var choices = OptionalStrings(body, "choices", errors);
        var verifiers = OptionalStrings(body, "verifiers", errors) ?? [];
        var description = RequiredString(body, "description", errors);
        var min = OptionalNumber(body, "min", errors);
        var max = OptionalNumber(body, "max", errors);
        int? validity = null;
        if (!body.TryGetProperty("validityMonths", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            errors.Add("validityMonths", "Required: how many months an item stays current after its effective date.");
        }
        else if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var months))
        {
            errors.Add("validityMonths", "Must be a whole number of months.");
        }
        else
        {
            validity = months;
        }

        var kind = new EvidenceKind(kindId, principle ?? string.Empty, type, unit, choices, validity ?? 1, verifiers,
            description ?? string.Empty, min, max);
        Check(kind, principleExists, errors, checkPrinciple: principle is not null, checkType: typeKnown, checkDescription: description is not null);
        return errors.Any ? Problem.Invalid(errors) : Outcome<EvidenceKind>.Ok(kind);
    }

    /// <summary>True when the two definitions say the same (records compare lists by reference).</summary>
    public static bool SameDefinitionAs(this EvidenceKind kind, EvidenceKind other)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(other);
        return kind.Id == other.Id && kind.Principle == other.Principle && kind.Type == other.Type && kind.Unit == other.Unit &&
               (kind.Choices ?? []).SequenceEqual(other.Choices ?? [], StringComparer.Ordinal) &&
               kind.ValidityMonths == other.ValidityMonths &&
               kind.Verifiers.SequenceEqual(other.Verifiers, StringComparer.Ordinal) &&
               kind.Description == other.Description && kind.Min == other.Min && kind.Max == other.Max;
    }

    private static void Check(EvidenceKind kind, Func<string, bool> principleExists, ValidationErrors errors,
        bool checkPrinciple, bool checkType, bool checkDescription)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(principleExists);
        ArgumentNullException.ThrowIfNull(errors);
        if (!Ids.IsKindId(kind.Id))
        {
            errors.Add("id", $"'{kind.Id}' is not a kind id: lowercase dotted words such as pay.rlw-accredited.");
        }

        if (checkPrinciple && !principleExists(kind.Principle))
        {
            errors.Add("principle", $"Unknown principle '{kind.Principle}'.");
        }

        if (checkType && !Enum.IsDefined(kind.Type))
        {
            errors.Add("type", "Unknown type.");
        }

        if (kind.Unit is { Length: > 50 })
        {
            errors.Add("unit", "At most 50 characters.");
        }

        if (kind.Type == EvidenceType.Choice)
        {
            if (kind.Choices is not { Count: > 0 })
            {
                errors.Add("choices", "A choice kind needs a non-empty list of choices.");
            }
            else
            {
                for (var i = 0; i < kind.Choices.Count; i++)
                {
                    if (!Ids.IsSlug(kind.Choices[i]))
                    {
                        errors.Add($"choices[{i}]", $"'{kind.Choices[i]}' is not a valid choice: a lowercase slug.");
                    }
                }

                foreach (var duplicate in kind.Choices.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
                {
                    errors.Add("choices", $"'{duplicate.Key}' is listed more than once.");
                }
            }
        }
        else if (checkType && kind.Choices is { Count: > 0 })
        {
            errors.Add("choices", $"Only choice kinds have choices ({kind.Id} is of type {kind.Type.ToWire()}).");
        }

        if (kind.ValidityMonths is < 1 or > MaxValidityMonths)
        {
            errors.Add("validityMonths", $"Must be between 1 and {MaxValidityMonths} months.");
        }

        for (var i = 0; i < kind.Verifiers.Count; i++)
        {
            if (!Ids.IsSlug(kind.Verifiers[i]))
            {
                errors.Add($"verifiers[{i}]", $"'{kind.Verifiers[i]}' is not a partner id: a lowercase slug such as living-wage-register.");
            }
        }

        if (kind.Verifiers.Distinct(StringComparer.Ordinal).Count() != kind.Verifiers.Count)
        {
            errors.Add("verifiers", "A verifier is listed more than once.");
        }

        if (checkDescription && string.IsNullOrWhiteSpace(kind.Description))
        {
            errors.Add("description", "Required: what the evidence states.");
        }
        else if (kind.Description.Length > 1000)
        {
            errors.Add("description", "At most 1000 characters.");
        }

        if ((kind.Min is not null || kind.Max is not null) && checkType && !kind.Type.IsNumeric())
        {
            errors.Add(kind.Min is not null ? "min" : "max", $"Only percent, money, count and days kinds have a range ({kind.Id} is of type {kind.Type.ToWire()}).");
        }
        else if (kind.Min is { } lo && kind.Max is { } hi && lo > hi)
        {
            errors.Add("min", "Must not be larger than max.");
        }
        else if (kind.Type.IsWholeNumber() && ((kind.Min is { } a && a != decimal.Truncate(a)) || (kind.Max is { } b && b != decimal.Truncate(b))))
        {
            errors.Add("min", $"A {kind.Type.ToWire()} kind's range must be whole numbers.");
        }
    }

    private static string? RequiredString(JsonElement body, string name, ValidationErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(name, "Required.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "Must be text.");
            return null;
        }

        return value.GetString();
    }

    private static string? OptionalString(JsonElement body, string name, ValidationErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(name, "Must be text.");
            return null;
        }

        return value.GetString();
    }

    private static List<string>? OptionalStrings(JsonElement body, string name, ValidationErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(name, "Must be a list of text values.");
            return null;
        }

        var list = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{name}[{i}]", "Must be text.");
            }
            else
            {
                list.Add(item.GetString()!);
            }

            i++;
        }

        return list;
    }

    private static decimal? OptionalNumber(JsonElement body, string name, ValidationErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
        {
            errors.Add(name, "Must be a number.");
            return null;
        }

        return number;
    }
}
