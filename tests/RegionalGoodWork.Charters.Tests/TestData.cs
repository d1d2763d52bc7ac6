using System.Text.Json;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Taxonomy;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters.Tests;

/// <summary>The shipped catalogue and small builders shared by the tests.</summary>
internal static class TestData
{
    public static EvidenceCatalogue Catalogue => StandardCatalogue.Value;

    public static EvidenceKind Kind(string id) => Catalogue.FindKind(id) ?? throw new ArgumentException($"no kind {id}");

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static EvidenceValue Bool(bool value) => EvidenceValue.FromBool(value);

    public static EvidenceValue Percent(decimal value) => EvidenceValue.FromNumber(EvidenceType.Percent, value);

    public static EvidenceValue Days(int value) => EvidenceValue.FromNumber(EvidenceType.Days, value);

    public static EvidenceValue Count(int value) => EvidenceValue.FromNumber(EvidenceType.Count, value);

    public static EvidenceValue Choice(string value) => EvidenceValue.FromText(EvidenceType.Choice, value);

    /// <summary>Evidence from (kind, value) pairs; each item's id is "item-" + the kind.</summary>
    public static Dictionary<string, EvidenceFact> Evidence(params (string Kind, EvidenceValue Value)[] items) =>
        items.ToDictionary(i => i.Kind, i => new EvidenceFact(i.Value, "item-" + i.Kind), StringComparer.Ordinal);

    public static Rule Leaf(string kind, RuleOp op, EvidenceValue value) => Rule.Leaf(kind, op, value);

    /// <summary>Reads a definition that must be valid.</summary>
    public static CharterDefinition Definition(string charterId, string json)
    {
        var outcome = CharterDefinitionJson.Read(charterId, json, Catalogue);
        Assert.True(outcome.IsOk, outcome.Problem is { } p
            ? string.Join("; ", (p.Errors ?? []).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))
            : "invalid");
        return outcome.Value!;
    }

    public static CharterVersion Version(string charterId, string json, int version = 1) =>
        new(charterId, version, Definition(charterId, json), new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The shipped demo charters, loaded through the same loader and reader the silo uses at start.</summary>
    public static IReadOnlyList<CharterVersion> ShippedCharters() =>
        DemoCharters.Load().Select(c => Version(c.CharterId, c.Json)).ToList();

    public static CharterVersion Shipped(string charterId) => ShippedCharters().Single(c => c.CharterId == charterId);
}
