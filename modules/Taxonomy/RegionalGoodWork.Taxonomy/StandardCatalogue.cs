using System.Text.Json;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Taxonomy;

/// <summary>
/// The catalogue shipped with the platform (embedded <c>Catalogue/taxonomy.json</c>): the ten principles and the
/// canonical evidence kinds. Every kind passes the same checks as a kind sent through the API; a bad file fails loudly.
/// </summary>
internal static class StandardCatalogue
{
    private static readonly Lazy<EvidenceCatalogue> Loaded = new(Load);

    public static EvidenceCatalogue Value => Loaded.Value;

    internal static EvidenceCatalogue Load()
    {
        using var stream = typeof(StandardCatalogue).Assembly.GetManifestResourceStream("taxonomy.json")
                           ?? throw new InvalidOperationException("The embedded taxonomy.json is missing.");
        using var document = JsonDocument.Parse(stream);
        return Parse(document.RootElement);
    }

    internal static EvidenceCatalogue Parse(JsonElement root)
    {
        var principles = root.GetProperty("principles").EnumerateArray()
            .Select(p => new Principle(p.GetProperty("id").GetString()!, p.GetProperty("name").GetString()!, p.GetProperty("description").GetString()!))
            .ToList();
        var principleIds = principles.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        var kinds = new List<EvidenceKind>();
        foreach (var element in root.GetProperty("kinds").EnumerateArray())
        {
            var id = element.TryGetProperty("id", out var idElement) ? idElement.GetString() ?? string.Empty : string.Empty;
            var outcome = EvidenceKindDefinition.Read(id, element, principleIds.Contains);
            if (outcome.Problem is { } problem)
            {
                problems.Add($"{id}: {string.Join("; ", (problem.Errors ?? []).Select(e => $"{e.Key} {string.Join(" ", e.Value)}"))}");
            }
            else
            {
                kinds.Add(outcome.Value!);
            }
        }

        foreach (var duplicate in kinds.GroupBy(k => k.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{duplicate.Key}: listed more than once");
        }

        // Implications name other kinds: checked once every kind is read (a kind may imply one listed after it).
        var byId = kinds.GroupBy(k => k.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        for (var i = 0; i < kinds.Count; i++)
        {
            var errors = new ValidationErrors();
            kinds[i] = EvidenceKindDefinition.CheckImplied(kinds[i], byId.GetValueOrDefault, errors);
            if (errors.Any)
            {
                problems.Add($"{kinds[i].Id}: {string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key} {string.Join(" ", e.Value)}"))}");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The shipped taxonomy is invalid: " + string.Join(" | ", problems));
        }

        return new EvidenceCatalogue(0, principles, kinds);
    }
}
