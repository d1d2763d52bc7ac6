using System.Globalization;
using System.Text.Json.Serialization;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Employers.Contracts;

/// <summary>Who vouches for an evidence item. A verified item (officer or partner) outranks a self-declared one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvidenceSource>))]
public enum EvidenceSource
{
    [JsonStringEnumMemberName("self-declared")] SelfDeclared = 0,
    [JsonStringEnumMemberName("officer-verified")] OfficerVerified = 1,
    [JsonStringEnumMemberName("partner-verified")] PartnerVerified = 2,
}

public static class EvidenceSources
{
    /// <summary>The wire names, in <see cref="EvidenceSource"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["self-declared", "officer-verified", "partner-verified"];

    public static string ToWire(this EvidenceSource source) => Names[(int)source];

    public static bool TryParse(string? name, out EvidenceSource source)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                source = (EvidenceSource)i;
                return true;
            }
        }

        source = default;
        return false;
    }

    /// <summary>True for officer- and partner-verified items.</summary>
    public static bool IsVerified(this EvidenceSource source) => source != EvidenceSource.SelfDeclared;
}

/// <summary>
/// One submitted item as read from the wire, before validation. <see cref="Value"/> is typed as submitted (its kind
/// checks it in the grain); dates are ISO text (<c>2026-05-01</c>); a date field of the wrong JSON type arrives as
/// its JSON text, so the grain reports it with every other problem of the batch. Build items in code with <see cref="Of"/>.
/// </summary>
/// <remarks>[Id(1)] carried the value as JSON text until 2026-12; it stays unused.</remarks>
[GenerateSerializer, Immutable, Alias("rgw.employers.evidence-item-input")]
public sealed record EvidenceItemInput(
    [property: Id(0)] string? Kind,
    [property: Id(6)] SubmittedValue? Value,
    [property: Id(2)] string? EffectiveFrom = null,
    [property: Id(3)] string? ValidUntil = null,
    [property: Id(4)] string? Note = null,
    [property: Id(5)] string? Source = null)
{
    public static EvidenceItemInput Of(string kind, EvidenceValue value, DateOnly? effectiveFrom = null, DateOnly? validUntil = null,
        string? note = null, EvidenceSource? source = null) =>
        new(kind, SubmittedValue.Of(value), Iso(effectiveFrom), Iso(validUntil), note, source?.ToWire());

    private static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// POST /employers/{id}/evidence: a batch, all or nothing. <paramref name="SubmittedBy"/> is the principal (the key id
/// that sent it). Items may name their own source only when <paramref name="MayChooseSource"/>; otherwise they get
/// <paramref name="DefaultSource"/>. <paramref name="Verifier"/> is the partner vouching for a partner's batch: each item's
/// kind must list it among its <c>verifiers</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.submit-evidence")]
public sealed record SubmitEvidence(
    [property: Id(0)] IReadOnlyList<EvidenceItemInput?>? Items,
    [property: Id(1)] string SubmittedBy,
    [property: Id(2)] bool MayChooseSource = false,
    [property: Id(3)] EvidenceSource DefaultSource = EvidenceSource.SelfDeclared,
    [property: Id(4)] string? Verifier = null);

/// <summary>A stored evidence item. Items are never changed or removed; a correction is a newer item.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.evidence-item")]
public sealed record EvidenceItemView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] EvidenceValue Value,
    [property: Id(3)] DateOnly EffectiveFrom,
    [property: Id(4)] DateOnly ValidUntil,
    [property: Id(5)] EvidenceSource Source,
    [property: Id(6)] DateTimeOffset SubmittedAt,
    [property: Id(7)] string SubmittedBy,
    [property: Id(8)] string? Note,
    [property: Id(9)] bool Current);

/// <summary>An item accepted from a batch.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.evidence-accepted")]
public sealed record EvidenceAccepted([property: Id(0)] string Id, [property: Id(1)] string Kind);

/// <summary>A membership's tier before and after a change (null = no tier held).</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.tier-move")]
public sealed record TierMove(
    [property: Id(0)] string CharterId,
    [property: Id(1)] string? TierBefore,
    [property: Id(2)] string? TierAfter)
{
    public bool Moved => !string.Equals(TierBefore, TierAfter, StringComparison.Ordinal);
}

/// <summary>The answer to a batch: the new items and every active membership's tier before and after.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.evidence-submitted")]
public sealed record EvidenceSubmitted(
    [property: Id(0)] IReadOnlyList<EvidenceAccepted> Accepted,
    [property: Id(1)] IReadOnlyList<TierMove> Memberships);
