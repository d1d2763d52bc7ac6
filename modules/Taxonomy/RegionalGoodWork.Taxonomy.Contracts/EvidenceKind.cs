using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RegionalGoodWork.Taxonomy.Contracts;

/// <summary>
/// A canonical evidence kind: one provable fact with one id (<c>pay.rlw-accredited</c>), the principle it serves, its
/// value type, unit, allowed choices, default validity and the partner sources that may verify it.
/// <see cref="Min"/>/<see cref="Max"/> override the type's range (a percent is 0..100 unless the kind says otherwise,
/// e.g. the gender pay gap may be negative). <see cref="Implies"/>: what a value of this kind says about other kinds
/// (<see cref="KindImplication"/>; empty or null when nothing).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.evidence-kind")]
public sealed record EvidenceKind(
    [property: Id(0)] string Id,
    [property: Id(1)] string Principle,
    [property: Id(2)] EvidenceType Type,
    [property: Id(3)] string? Unit,
    [property: Id(4)] IReadOnlyList<string>? Choices,
    [property: Id(5)] int ValidityMonths,
    [property: Id(6)] IReadOnlyList<string> Verifiers,
    [property: Id(7)] string Description,
    [property: Id(8)] decimal? Min = null,
    [property: Id(9)] decimal? Max = null,
    [property: Id(10)] IReadOnlyList<KindImplication>? Implies = null)
{
    public const int MaxTextLength = 2048;

    /// <summary>The lowest value allowed: <see cref="Min"/>, else 0 for percent, money, count and days.</summary>
    [JsonIgnore]
    public decimal? LowestAllowed => Min ?? (Type.IsNumeric() ? 0m : null);

    /// <summary>The highest value allowed: <see cref="Max"/>, else 100 for percent.</summary>
    [JsonIgnore]
    public decimal? HighestAllowed => Max ?? (Type == EvidenceType.Percent ? 100m : null);

    /// <summary>
    /// Reads a JSON value as a value of this kind. Returns the value, or an error message saying what was expected
    /// (never both). Pure: use it to validate charter thresholds and anything else read from JSON.
    /// </summary>
    public (EvidenceValue? Value, string? Error) Validate(JsonElement json) => Validate(SubmittedValue.FromJson(json));

    /// <summary>
    /// Reads a submitted value as a value of this kind. Returns the value, or an error message saying what was expected
    /// (never both). Pure.
    /// </summary>
    public (EvidenceValue? Value, string? Error) Validate(SubmittedValue submitted)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        switch (Type)
        {
            case EvidenceType.Bool:
                return submitted is { Shape: SubmittedValueShape.Bool, Bool: { } b }
                    ? (EvidenceValue.FromBool(b), null)
                    : (null, $"must be true or false ({Id} is of type bool).");

            case EvidenceType.Percent or EvidenceType.Money or EvidenceType.Count or EvidenceType.Days:
                if (submitted.Shape == SubmittedValueShape.NumberOutOfRange)
                {
                    return (null, "is out of range.");
                }

                if (submitted is not { Shape: SubmittedValueShape.Number, Number: { } number })
                {
                    return (null, $"must be a number ({Id} is of type {Type.ToWire()}).");
                }

                var value = EvidenceValue.FromNumber(Type, number);
                return Check(value) is { } error ? (null, error) : (value, null);

            case EvidenceType.Choice or EvidenceType.Date or EvidenceType.Document:
                if (submitted is not { Shape: SubmittedValueShape.Text, Text: { } text })
                {
                    return (null, Type switch
                    {
                        EvidenceType.Choice => $"must be one of {string.Join(", ", Choices ?? [])} ({Id} is of type choice).",
                        EvidenceType.Date => $"must be an ISO date such as 2026-05-01 ({Id} is of type date).",
                        _ => $"must be a document reference (text) ({Id} is of type document).",
                    });
                }

                var candidate = Type == EvidenceType.Date ? new EvidenceValue(EvidenceType.Date, Text: text) : EvidenceValue.FromText(Type, text);
                return Check(candidate) is { } textError ? (null, textError) : (candidate, null);

            default:
                return (null, $"{Id} has an unknown type.");
        }
    }

    /// <summary>Checks a value built in code against this kind; null when it fits.</summary>
    public string? Check(EvidenceValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Type != Type)
        {
            return $"is a {value.Type.ToWire()} value but {Id} is of type {Type.ToWire()}.";
        }

        switch (Type)
        {
            case EvidenceType.Bool:
                return value.Bool is null ? "must be true or false." : null;

            case EvidenceType.Percent or EvidenceType.Money or EvidenceType.Count or EvidenceType.Days:
                if (value.Number is not { } n)
                {
                    return "must be a number.";
                }

                if (Type.IsWholeNumber() && n != decimal.Truncate(n))
                {
                    return $"must be a whole number ({Id} is of type {Type.ToWire()}).";
                }

                if (LowestAllowed is { } lo && n < lo)
                {
                    return $"must be at least {Format(lo)} ({Id}).";
                }

                if (HighestAllowed is { } hi && n > hi)
                {
                    return $"must be at most {Format(hi)} ({Id}).";
                }

                return null;

            case EvidenceType.Choice:
                return value.Text is { } c && Choices is not null && Choices.Contains(c, StringComparer.Ordinal)
                    ? null
                    : $"must be one of {string.Join(", ", Choices ?? [])} ({Id}).";

            case EvidenceType.Date:
                return value.AsDate is null ? $"must be an ISO date such as 2026-05-01 ({Id})." : null;

            case EvidenceType.Document:
                return string.IsNullOrWhiteSpace(value.Text) ? "must be a non-empty document reference."
                    : value.Text.Length > MaxTextLength ? $"must be at most {MaxTextLength} characters."
                    : null;

            default:
                return $"{Id} has an unknown type.";
        }
    }

    private static string Format(decimal d) => d.ToString(CultureInfo.InvariantCulture);
}
