namespace RegionalGoodWork.Taxonomy.Contracts;

/// <summary>
/// What one fact says about another kind: when the implying kind's value is <see cref="When"/> (and, with
/// <see cref="EffectiveBefore"/>, the evidence is effective before that day), the implied <see cref="Kind"/> is known to
/// satisfy <see cref="Op"/> (<c>eq</c>, <c>gte</c> or <c>lte</c>) against <see cref="Value"/>, or against the rate of the
/// wage-rate scheme <see cref="Rate"/> in force where the staff work on the evidence's effective date.
/// Example: <c>pay.rlw-accredited</c> = true implies <c>pay.share-staff-paid-rlw</c> eq 100.
/// Only implications that hold for every employer are shipped; an implied fact never overrides one submitted, it adds a
/// second way to meet a requirement (the deciding evidence is the implying item).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.kind-implication")]
public sealed record KindImplication(
    [property: Id(0)] EvidenceValue When,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Op,
    [property: Id(3)] EvidenceValue? Value = null,
    [property: Id(4)] string? Rate = null,
    [property: Id(5)] DateOnly? EffectiveBefore = null,
    [property: Id(6)] string? Note = null)
{
    public const string Eq = "eq";
    public const string Gte = "gte";
    public const string Lte = "lte";

    public static IReadOnlyList<string> Ops { get; } = [Eq, Gte, Lte];

    /// <summary>Whether the implication applies to a fact of the implying kind with this value and effective date.</summary>
    public bool AppliesTo(EvidenceValue value, DateOnly? effectiveFrom)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Type != When.Type || !(value.CompareTo(When) is { } c ? c == 0 : Equals(value, When)))
        {
            return false;
        }

        // A condition on the date needs a date: evidence of unknown date is not assumed to be early enough.
        return EffectiveBefore is not { } before || (effectiveFrom is { } day && day < before);
    }

    /// <summary>Records compare lists and values by reference where they hold them; this compares what the implications say.</summary>
    public bool SameAs(KindImplication other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Equals(When, other.When) && Kind == other.Kind && Op == other.Op && Equals(Value, other.Value) && Rate == other.Rate &&
               EffectiveBefore == other.EffectiveBefore && Note == other.Note;
    }
}
