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
    public static Outcome<EvidenceKind> Read(string kindId, string json, Func<string, bool> principleExists,
        Func<string, EvidenceKind?>? findKind = null)
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
            return Read(kindId, document.RootElement, principleExists, findKind);
        }
    }

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "id", "principle", "type", "unit", "choices", "validityMonths", "verifiers", "description", "min", "max", "implies",
    };

    private static readonly HashSet<string> KnownImplicationFields = new(StringComparer.Ordinal)
    {
        "when", "kind", "op", "value", "rate", "effectiveBefore", "note",
    };

    /// <summary>
    /// Reads a kind from JSON. <paramref name="kindId"/> is the id the kind is stored under (the route). With
    /// <paramref name="findKind"/>, each implication's implied kind must exist and its value fit it
    /// (<see cref="CheckImplied"/>); without, only the implications' own shape is checked.
    /// </summary>
    public static Outcome<EvidenceKind> Read(string kindId, JsonElement body, Func<string, bool> principleExists,
        Func<string, EvidenceKind?>? findKind = null)
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

        var implies = ReadImplications(body, typeKnown ? type : null, kindId, errors);
        var kind = new EvidenceKind(kindId, principle ?? string.Empty, type, unit, choices, validity ?? 1, verifiers,
            description ?? string.Empty, min, max, implies);
        Check(kind, principleExists, errors, checkPrinciple: principle is not null, checkType: typeKnown, checkDescription: description is not null);
        if (findKind is not null)
        {
            kind = CheckImplied(kind, findKind, errors);
        }
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
               kind.Description == other.Description && kind.Min == other.Min && kind.Max == other.Max &&
               (kind.Implies ?? []).Count == (other.Implies ?? []).Count &&
               (kind.Implies ?? []).Zip(other.Implies ?? []).All(p => p.First.SameAs(p.Second));
    }

    /// <summary>
    /// Checks each implication against the kind it implies: the kind exists (and is not the implying kind), the value
    /// fits its type, <c>gte</c>/<c>lte</c> only on numeric kinds, a rate only on a money kind with <c>gte</c>/<c>lte</c>.
    /// Returns the kind with each implied value typed as its kind's.
    /// </summary>
    public static EvidenceKind CheckImplied(EvidenceKind kind, Func<string, EvidenceKind?> findKind, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(findKind);
        ArgumentNullException.ThrowIfNull(errors);
        var implies = (kind.Implies ?? []).ToList();
        for (var i = 0; i < implies.Count; i++)
        {
            var implication = implies[i];
            var path = $"implies[{i}]";
            if (string.Equals(implication.Kind, kind.Id, StringComparison.Ordinal))
            {
                errors.Add($"{path}.kind", "A kind does not imply itself.");
                continue;
            }

            if (findKind(implication.Kind) is not { } implied)
            {
                errors.Add($"{path}.kind", $"Unknown evidence kind '{implication.Kind}'.");
                continue;
            }

            if (implication.Op != KindImplication.Eq && !implied.Type.IsNumeric())
            {
                errors.Add($"{path}.op", $"'{implication.Op}' needs a percent, money, count or days kind ({implied.Id} is of type {implied.Type.ToWire()}).");
            }

            if (implication.Rate is not null)
            {
                if (implied.Type != EvidenceType.Money || implication.Op == KindImplication.Eq)
                {
                    errors.Add($"{path}.rate", $"A rate is implied only on a money kind with gte or lte ({implied.Id} is of type {implied.Type.ToWire()}).");
                }
            }
            else if (implication.Value is { } value)
            {
                var typed = value switch
                {
                    { Number: { } n } when implied.Type.IsNumeric() => EvidenceValue.FromNumber(implied.Type, n),
                    { Text: { } t } when implied.Type is EvidenceType.Choice or EvidenceType.Date or EvidenceType.Document => new EvidenceValue(implied.Type, Text: t),
                    _ => value,
                };
                if (implied.Check(typed) is { } problem)
                {
                    errors.Add($"{path}.value", $"The value {problem}");
                }

                implies[i] = implication with { Value = typed };
            }
        }

        return kind with { Implies = implies };
    }

    /// <summary>
    /// Reads <c>implies</c>: <c>[{when, kind, op, value | rate, effectiveBefore?, note?}]</c>. <c>when</c> is a value of
    /// this kind; <c>value</c> is read loosely here (a number, true/false or text) and typed by <see cref="CheckImplied"/>.
    /// </summary>
    private static List<KindImplication> ReadImplications(JsonElement body, EvidenceType? type, string kindId, ValidationErrors errors)
    {
        var list = new List<KindImplication>();
        if (!body.TryGetProperty("implies", out var implies) || implies.ValueKind == JsonValueKind.Null)
        {
            return list;
        }

        if (implies.ValueKind != JsonValueKind.Array)
        {
            errors.Add("implies", "Must be a list of {when, kind, op, value | rate, effectiveBefore?, note?}.");
            return list;
        }

        var i = 0;
        foreach (var item in implies.EnumerateArray())
        {
            var path = $"implies[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, "Must be an object {when, kind, op, value | rate, effectiveBefore?, note?}.");
                continue;
            }

            var before = errors.Count;
            foreach (var property in item.EnumerateObject().Where(p => !KnownImplicationFields.Contains(p.Name)))
            {
                errors.Add($"{path}.{property.Name}", $"Unknown field '{property.Name}'; known fields: {string.Join(", ", KnownImplicationFields)}.");
            }

            EvidenceValue? when = null;
            if (!item.TryGetProperty("when", out var whenElement) || whenElement.ValueKind == JsonValueKind.Null)
            {
                errors.Add($"{path}.when", "Required: the value of this kind that implies the other fact.");
            }
            else if (type is { } t)
            {
                var (value, error) = new EvidenceKind(kindId, string.Empty, t, null, null, 1, [], string.Empty).Validate(whenElement);
                if (error is not null)
                {
                    errors.Add($"{path}.when", $"The value {error}");
                }

                when = value;
            }

            var implied = RequiredString(item, "kind", errors, path);
            if (implied is not null && !Ids.IsKindId(implied))
            {
                errors.Add($"{path}.kind", $"'{implied}' is not a kind id.");
            }

            var op = RequiredString(item, "op", errors, path);
            if (op is not null && !KindImplication.Ops.Contains(op, StringComparer.Ordinal))
            {
                errors.Add($"{path}.op", $"Unknown op '{op}'; use one of {string.Join(", ", KindImplication.Ops)}.");
            }

            var rate = OptionalString(item, "rate", errors, path);
            if (rate is not null && !WageRateSchemes.IsKnown(rate))
            {
                errors.Add($"{path}.rate", $"Unknown wage-rate scheme '{rate}'; use one of {string.Join(", ", WageRateSchemes.All)}.");
            }

            EvidenceValue? impliedValue = null;
            var hasValue = item.TryGetProperty("value", out var valueElement) && valueElement.ValueKind != JsonValueKind.Null;
            if (hasValue == (rate is not null))
            {
                errors.Add($"{path}.value", "Give exactly one of value and rate.");
            }
            else if (hasValue)
            {
                impliedValue = valueElement.ValueKind switch
                {
                    JsonValueKind.True or JsonValueKind.False => EvidenceValue.FromBool(valueElement.GetBoolean()),
                    JsonValueKind.Number when valueElement.TryGetDecimal(out var n) => EvidenceValue.FromNumber(EvidenceType.Percent, n),
                    JsonValueKind.String => new EvidenceValue(EvidenceType.Document, Text: valueElement.GetString()),
                    _ => null,
                };
                if (impliedValue is null)
                {
                    errors.Add($"{path}.value", "Must be true, false, a number or text.");
                }
            }

            DateOnly? effectiveBefore = null;
            if (OptionalString(item, "effectiveBefore", errors, path) is { } dateText)
            {
                if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.None, out var date))
                {
                    effectiveBefore = date;
                }
                else
                {
                    errors.Add($"{path}.effectiveBefore", "Must be an ISO date such as 2026-04-06.");
                }
            }

            var note = OptionalString(item, "note", errors, path);
            if (note is { Length: > 1000 })
            {
                errors.Add($"{path}.note", "At most 1000 characters.");
            }

            if (errors.Count == before && when is not null)
            {
                list.Add(new KindImplication(when, implied!, op!, impliedValue, rate, effectiveBefore, note));
            }
        }

        return list;
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

    private static string? RequiredString(JsonElement body, string name, ValidationErrors errors, string? at = null)
    {
        var key = at is null ? name : $"{at}.{name}";
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(key, "Required.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(key, "Must be text.");
            return null;
        }

        return value.GetString();
    }

    private static string? OptionalString(JsonElement body, string name, ValidationErrors errors, string? at = null)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(at is null ? name : $"{at}.{name}", "Must be text.");
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
