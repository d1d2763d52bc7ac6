using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RegionalGoodWork.Taxonomy.Contracts;

/// <summary>
/// One evidence value, typed by its kind's <see cref="EvidenceType"/>: <see cref="Bool"/> for bool, <see cref="Number"/>
/// for percent/money/count/days, <see cref="Text"/> for choice, document and date (ISO <c>yyyy-MM-dd</c>).
/// Build values with the factories, or from JSON with <see cref="EvidenceKind.Validate(JsonElement)"/>, which checks them
/// against the kind. On the wire a value is the bare JSON scalar (<c>true</c>, <c>95.5</c>, <c>"plan"</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.evidence-value")]
[JsonConverter(typeof(EvidenceValueJsonConverter))]
public sealed record EvidenceValue(
    [property: Id(0)] EvidenceType Type,
    [property: Id(1)] bool? Bool = null,
    [property: Id(2)] decimal? Number = null,
    [property: Id(3)] string? Text = null)
{
    public static EvidenceValue FromBool(bool value) => new(EvidenceType.Bool, Bool: value);

    /// <summary>A percent, money, count or days value. Trailing zeros are dropped (<c>100.0</c> is <c>100</c>).</summary>
    public static EvidenceValue FromNumber(EvidenceType type, decimal value)
    {
        if (!type.IsNumeric())
        {
            throw new ArgumentException($"{type.ToWire()} is not a numeric evidence type.", nameof(type));
        }

        return new(type, Number: Normalize(value));
    }

    public static EvidenceValue FromDate(DateOnly value) =>
        new(EvidenceType.Date, Text: value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>A choice or document value.</summary>
    public static EvidenceValue FromText(EvidenceType type, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (type is not (EvidenceType.Choice or EvidenceType.Document))
        {
            throw new ArgumentException($"{type.ToWire()} is not a text evidence type (choice, document).", nameof(type));
        }

        return new(type, Text: value);
    }

    /// <summary>The date of a date value, otherwise null.</summary>
    public DateOnly? AsDate =>
        Type == EvidenceType.Date && Text is not null &&
        DateOnly.TryParseExact(Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : null;

    /// <summary>A JSON-friendly object: <see cref="bool"/>, <see cref="decimal"/> or <see cref="string"/>.</summary>
    public object ToJsonValue() => Type switch
    {
        EvidenceType.Bool => Bool ?? false,
        _ when Type.IsNumeric() => Number ?? 0m,
        _ => Text ?? string.Empty,
    };

    /// <summary>The value as a JSON node (for building documents by hand).</summary>
    public JsonNode ToJsonNode() => ToJsonValue() switch
    {
        bool b => JsonValue.Create(b),
        decimal d => JsonValue.Create(d),
        var o => JsonValue.Create((string)o),
    };

    /// <summary>Orders two values of the same ordered type (numbers, dates); null when they cannot be ordered.</summary>
    public int? CompareTo(EvidenceValue other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Type != other.Type)
        {
            return null;
        }

        if (Type.IsNumeric() && Number is { } a && other.Number is { } b)
        {
            return a.CompareTo(b);
        }

        if (Type == EvidenceType.Date && AsDate is { } da && other.AsDate is { } db)
        {
            return da.CompareTo(db);
        }

        return null;
    }

    public override string ToString() => ToJsonValue() switch
    {
        bool b => b ? "true" : "false",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        var o => (string)o,
    };

    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}

/// <summary>Writes an <see cref="EvidenceValue"/> as its bare JSON scalar. Reading needs the kind: use <see cref="EvidenceKind.Validate(JsonElement)"/>.</summary>
public sealed class EvidenceValueJsonConverter : JsonConverter<EvidenceValue>
{
    public override EvidenceValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("An evidence value can only be read against its kind: use EvidenceKind.Validate(JsonElement).");

    public override void Write(Utf8JsonWriter writer, EvidenceValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        switch (value.ToJsonValue())
        {
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case decimal d:
                writer.WriteNumberValue(d);
                break;
            default:
                writer.WriteStringValue(value.Text);
                break;
        }
    }
}
