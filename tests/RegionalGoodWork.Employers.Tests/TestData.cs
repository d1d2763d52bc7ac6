using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Employers.Tests;

/// <summary>A small catalogue and evidence records built in code.</summary>
internal static class TestData
{
    public static readonly DateOnly Today = new(2026, 5, 1);

    public static readonly EvidenceCatalogue Catalogue = new(1,
        [new Principle("fair-pay", "Fair pay", "-"), new Principle("autonomy", "Autonomy", "-")],
        [
            new EvidenceKind("pay.rlw-accredited", "fair-pay", EvidenceType.Bool, null, null, 12, ["living-wage-register"], "accredited"),
            new EvidenceKind("pay.share-staff-paid-rlw", "fair-pay", EvidenceType.Percent, "%", null, 12, [], "share"),
            new EvidenceKind("flex.flexible-from-day-one", "autonomy", EvidenceType.Bool, null, null, 24, [], "flex"),
            new EvidenceKind("conditions.shift-notice-days", "fair-pay", EvidenceType.Days, "days", null, 12, [], "notice"),
            new EvidenceKind("pay.contractors-rlw", "fair-pay", EvidenceType.Choice, null, ["none", "plan", "all"], 12, [], "contractors"),
            new EvidenceKind("equality.gender-pay-gap-median", "fair-pay", EvidenceType.Percent, "%", null, 12, [], "gap", Min: -1000, Max: 100),
        ]);

    private static long sequence;

    /// <summary>A value as the HTTP edge reads it from JSON text (<c>true</c>, <c>99.5</c>, <c>"plan"</c>).</summary>
    public static SubmittedValue Json(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return SubmittedValue.FromJson(document.RootElement);
    }

    public static EvidenceRecord Item(string kind, EvidenceValue value, DateOnly from, DateOnly until,
        EvidenceSource source = EvidenceSource.SelfDeclared)
    {
        var n = Interlocked.Increment(ref sequence);
        return new EvidenceRecord($"ev-{n}", kind, value, from, until, source, DateTimeOffset.UnixEpoch.AddSeconds(n), "admin", null, n);
    }

    public static EvidenceRecord Percent(string kind, decimal value, DateOnly from, DateOnly until, EvidenceSource source = EvidenceSource.SelfDeclared) =>
        Item(kind, EvidenceValue.FromNumber(EvidenceType.Percent, value), from, until, source);

    public static EvidenceRecord Bool(string kind, bool value, DateOnly from, DateOnly until, EvidenceSource source = EvidenceSource.SelfDeclared) =>
        Item(kind, EvidenceValue.FromBool(value), from, until, source);
}
