using System.Text.Json;

namespace RegionalGoodWork.Taxonomy.Contracts;

/// <summary>What a submitted value's JSON was, before its kind is known.</summary>
public enum SubmittedValueShape
{
    /// <summary>Absent, null, an array or an object: no evidence type reads it.</summary>
    Other = 0,
    Bool = 1,
    Number = 2,

    /// <summary>A JSON number beyond <see cref="decimal"/>'s range.</summary>
    NumberOutOfRange = 3,
    Text = 4,
}

/// <summary>
/// A value as submitted (a JSON scalar, or a value built in code), typed but not yet checked against its kind: the
/// edge reads it once from the request, it travels to the employer grain as data, and
/// <see cref="EvidenceKind.Validate(SubmittedValue)"/> turns it into an <see cref="EvidenceValue"/> or says what the
/// kind expected. No JSON text is made or parsed on the way.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.submitted-value")]
public sealed record SubmittedValue(
    [property: Id(0)] SubmittedValueShape Shape,
    [property: Id(1)] bool? Bool = null,
    [property: Id(2)] decimal? Number = null,
    [property: Id(3)] string? Text = null)
{
    public static SubmittedValue FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => new(SubmittedValueShape.Bool, Bool: json.GetBoolean()),
        JsonValueKind.Number => json.TryGetDecimal(out var n) ? new(SubmittedValueShape.Number, Number: n) : new(SubmittedValueShape.NumberOutOfRange),
        JsonValueKind.String => new(SubmittedValueShape.Text, Text: json.GetString()),
        _ => new(SubmittedValueShape.Other),
    };

    /// <summary>
    /// A value written as text (a CSV cell), read as the JSON scalar a kind of <paramref name="type"/> takes: bool
    /// <c>true</c>/<c>false</c> (any case), numbers in invariant culture (<c>95.5</c>), text as it is — so
    /// <see cref="EvidenceKind.Validate(SubmittedValue)"/> then checks it exactly as it checks a value sent as JSON.
    /// Text that is no such scalar keeps its shape (a bool kind sent <c>yes</c> is <see cref="SubmittedValueShape.Text"/>)
    /// and the kind says what it expected.
    /// </summary>
    public static SubmittedValue FromText(string text, EvidenceType type)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (type == EvidenceType.Bool)
        {
            return bool.TryParse(trimmed, out var b) ? new(SubmittedValueShape.Bool, Bool: b) : new(SubmittedValueShape.Text, Text: text);
        }

        if (type.IsNumeric())
        {
            if (decimal.TryParse(trimmed, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint
                    | System.Globalization.NumberStyles.AllowExponent, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                return new(SubmittedValueShape.Number, Number: n);
            }

            return double.TryParse(trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
                ? new(SubmittedValueShape.NumberOutOfRange)
                : new(SubmittedValueShape.Text, Text: text);
        }

        return new(SubmittedValueShape.Text, Text: type == EvidenceType.Document ? text : trimmed);
    }

    /// <summary>A value built in code (demo data, benchmarks, partner connectors): submitted as it would be on the wire.</summary>
    public static SubmittedValue Of(EvidenceValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Type switch
        {
            EvidenceType.Bool => new(SubmittedValueShape.Bool, Bool: value.Bool),
            _ when value.Type.IsNumeric() => new(SubmittedValueShape.Number, Number: value.Number),
            _ => new(SubmittedValueShape.Text, Text: value.Text),
        };
    }
}
