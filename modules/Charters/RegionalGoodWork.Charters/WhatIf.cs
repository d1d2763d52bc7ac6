using System.Text.Json;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters;

/// <summary>
/// A what-if assessment (<see cref="ICharterGrain.AssessAsync"/>): reads <c>{version?, evidence: {kind: value}}</c> against
/// the taxonomy, reporting every error at once, and assesses the version named (or the latest) with the one evaluator. Pure.
/// </summary>
internal static class WhatIf
{
    public static Outcome<WhatIfAssessment> Assess(string charterId, IReadOnlyList<CharterVersion> versions, string requestJson,
        EvidenceCatalogue catalogue)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(catalogue);
        using var document = Parse(requestJson, out var notJson);
        if (notJson is not null)
        {
            return Invalid("$", $"Not valid JSON: {notJson}");
        }

        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } body)
        {
            return Invalid("$", "The body is an object {version?, evidence: {kind: value}}.");
        }

        var errors = new ValidationErrors();
        int? wanted = null;
        if (body.TryGetProperty("version", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n))
            {
                wanted = n;
            }
            else
            {
                errors.Add("version", "Must be a version number.");
            }
        }

        var version = wanted is { } w
            ? (w >= 1 && w <= versions.Count ? versions[w - 1] : null)
            : (versions.Count > 0 ? versions[^1] : null);
        if (version is null && !errors.Any)
        {
            return Problem.NotFound("charter version", wanted is null ? charterId : $"{charterId}/{wanted}");
        }

        var evidence = ReadEvidence(body, catalogue, errors);
        if (errors.Any)
        {
            return Problem.Invalid(errors);
        }

        var implications = KindImplications.From(catalogue);
        var assessment = CharterEvaluator.Assess(version!, evidence, implications: implications);
        return Outcome<WhatIfAssessment>.Ok(new WhatIfAssessment(assessment.CharterId, assessment.Version, assessment.Tier, assessment.NextTier,
            assessment.Met, assessment.Missing, assessment.Requirements, CharterEvaluator.NextTierRequests(version!, assessment, evidence, implications: implications)));
    }

    private static JsonDocument? Parse(string json, out string? notJson)
    {
        notJson = null;
        try
        {
            return JsonDocument.Parse(json ?? string.Empty);
        }
        catch (JsonException ex)
        {
            notJson = ex.Message;
            return null;
        }
    }

    private static Dictionary<string, EvidenceFact> ReadEvidence(JsonElement body, EvidenceCatalogue catalogue, ValidationErrors errors)
    {
        var evidence = new Dictionary<string, EvidenceFact>(StringComparer.Ordinal);
        if (!body.TryGetProperty("evidence", out var items) || items.ValueKind == JsonValueKind.Null)
        {
            return evidence;
        }

        if (items.ValueKind != JsonValueKind.Object)
        {
            errors.Add("evidence", "An object {kind: value}.");
            return evidence;
        }

        foreach (var item in items.EnumerateObject())
        {
            var path = $"evidence.{item.Name}";
            if (catalogue.FindKind(item.Name) is not { } kind)
            {
                errors.Add(path, $"Unknown evidence kind '{item.Name}'.");
                continue;
            }

            var (value, error) = kind.Validate(item.Value);
            if (error is not null)
            {
                errors.Add(path, $"The value {error}");
                continue;
            }

            evidence[kind.Id] = new EvidenceFact(value!, kind.Id);
        }

        return evidence;
    }

    private static Problem Invalid(string field, string message)
    {
        var errors = new ValidationErrors();
        errors.Add(field, message);
        return Problem.Invalid(errors);
    }
}
