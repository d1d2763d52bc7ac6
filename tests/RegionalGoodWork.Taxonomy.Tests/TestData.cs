using System.Text.Json;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Taxonomy.Tests;

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

    public static EvidenceValue Choice(string value) => EvidenceValue.FromText(EvidenceType.Choice, value);
}
