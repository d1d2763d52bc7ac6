using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Host.Api;

/// <summary>Charters, versions, members, assessment and alignment (api.md, Charters). Writes need the admin key.</summary>
internal static class ChartersApi
{
    /// <summary>A charter definition larger than this is refused (413).</summary>
    public const int MaxDefinitionBytes = 1024 * 1024;

    public const int MaxAlignedCharters = 20;

    public static RouteGroupBuilder MapChartersApi(this RouteGroupBuilder v1)
    {
        var charters = v1.MapGroup("/charters").WithTags("Charters");

        charters.MapPut("/{charterId}/draft", async (string charterId, HttpRequest request, IGrainFactory grains) =>
            {
                var json = await ReadBodyAsync(request);
                if (json is null)
                {
                    return Results.Problem($"A charter definition may be at most {MaxDefinitionBytes} bytes.", title: "Definition too large",
                        statusCode: StatusCodes.Status413PayloadTooLarge);
                }

                if (!Ids.IsSlug(charterId))
                {
                    // Report the bad id together with every other problem, without activating a grain for it.
                    var catalogue = await grains.GetTaxonomy().GetCatalogueAsync();
                    return CharterDefinitionJson.Read(charterId, json, catalogue).Problem!.ToProblem();
                }

                var saved = await grains.GetCharter(charterId).SaveDraftAsync(json);
                return saved.ToResult(d => Results.Ok(DraftBody(charterId, d)));
            })
            .Accepts<JsonElement>("application/json")
            .RequireAdmin();

        charters.MapGet("/{charterId}/draft", async (string charterId, IGrainFactory grains) =>
                Ids.IsSlug(charterId) && await grains.GetCharter(charterId).GetDraftAsync() is { } draft
                    ? Results.Ok(DraftBody(charterId, draft))
                    : Problem.NotFound("charter draft", charterId).ToProblem())
            .RequireAdmin();

        // No draft → 409: the request conflicts with the charter's state (nothing to publish), it is not malformed.
        charters.MapPost("/{charterId}/publish", async (string charterId, IGrainFactory grains) =>
            {
                if (!Ids.IsSlug(charterId))
                {
                    return Problem.NotFound("charter", charterId).ToProblem();
                }

                var published = await grains.GetCharter(charterId).PublishAsync();
                return published.ToResult(v => Results.Created(
                    $"/api/v1/charters/{v.CharterId}/versions/{v.Version}", new { charterId = v.CharterId, version = v.Version }));
            })
            .RequireAdmin();

        charters.MapGet("/", async (IGrainFactory grains) => Results.Ok(await grains.GetCharterRegistry().ListAsync()));

        charters.MapGet("/{charterId}", async (string charterId, IGrainFactory grains) =>
            Ids.IsSlug(charterId) && await grains.GetCharter(charterId).GetOverviewAsync() is { } overview
                ? Results.Ok(VersionBody(overview.Latest, overview.Versions))
                : Problem.NotFound("charter", charterId).ToProblem());

        charters.MapGet("/{charterId}/versions/{version:int}", async (string charterId, int version, IGrainFactory grains) =>
            Ids.IsSlug(charterId) && await grains.GetCharter(charterId).GetVersionAsync(version) is { } found
                ? Results.Ok(VersionBody(found, null))
                : Problem.NotFound("charter version", $"{charterId}/{version}").ToProblem());

        // A published version never changes: any attempt to replace or delete one is a conflict.
        var immutable = async (string charterId, int version, IGrainFactory grains) =>
            Ids.IsSlug(charterId) && await grains.GetCharter(charterId).GetVersionAsync(version) is not null
                ? Problem.Conflict($"Version {version} of '{charterId}' is published and never changes. PUT /api/v1/charters/{charterId}/draft and publish a new version instead.").ToProblem()
                : Problem.NotFound("charter version", $"{charterId}/{version}").ToProblem();
        charters.MapPut("/{charterId}/versions/{version:int}", immutable).RequireAdmin();
        charters.MapDelete("/{charterId}/versions/{version:int}", immutable).RequireAdmin();

        charters.MapGet("/{charterId}/members", async (string charterId, IGrainFactory grains) =>
            {
                if (!Ids.IsSlug(charterId))
                {
                    return Problem.NotFound("charter", charterId).ToProblem();
                }

                var grain = grains.GetCharter(charterId);
                var members = await grain.GetMembersAsync();
                return members.Count == 0 && await grain.GetLatestVersionNumberAsync() == 0
                    ? Problem.NotFound("charter", charterId).ToProblem()
                    : Results.Ok(members);
            });

        // What-if assessment of evidence values against a published version (no state changes).
        charters.MapPost("/{charterId}/assess", async (string charterId, JsonElement body, IGrainFactory grains) =>
            {
                if (!Ids.IsSlug(charterId))
                {
                    return Problem.NotFound("charter", charterId).ToProblem();
                }

                var errors = new ValidationErrors();
                int? wanted = null;
                if (body.ValueKind != JsonValueKind.Object)
                {
                    return ApiResults.Invalid("$", "The body is an object {version?, evidence: {kind: value}}.");
                }

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

                var grain = grains.GetCharter(charterId);
                var version = wanted is { } w ? await grain.GetVersionAsync(w) : await grain.GetLatestAsync();
                if (version is null && !errors.Any)
                {
                    return Problem.NotFound("charter version", wanted is null ? charterId : $"{charterId}/{wanted}").ToProblem();
                }

                var catalogue = await grains.GetTaxonomy().GetCatalogueAsync();
                var evidence = ReadEvidence(body, catalogue, errors);
                if (errors.Any)
                {
                    return Problem.Invalid(errors).ToProblem();
                }

                var assessment = CharterEvaluator.Assess(version!, evidence);
                return Results.Ok(new
                {
                    charterId = assessment.CharterId,
                    version = assessment.Version,
                    tier = assessment.Tier,
                    nextTier = assessment.NextTier,
                    met = assessment.Met,
                    missing = assessment.Missing,
                    requirements = assessment.Requirements,
                    evidenceRequests = CharterEvaluator.NextTierRequests(version!, assessment, evidence),
                });
            })
            .Accepts<JsonElement>("application/json");

        v1.MapGet("/alignment", async (string? charters, IGrainFactory grains) =>
            {
                var ids = (charters ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Distinct(StringComparer.Ordinal).ToList();
                if (ids.Count < 2)
                {
                    return ApiResults.Invalid("charters", "Name at least two charters: ?charters=gm-gec,london-gws.");
                }

                if (ids.Count > MaxAlignedCharters)
                {
                    return ApiResults.Invalid("charters", $"At most {MaxAlignedCharters} charters at once.");
                }

                var versions = await Task.WhenAll(ids.Select(id => Ids.IsSlug(id) ? grains.GetCharter(id).GetLatestAsync() : Task.FromResult<CharterVersion?>(null)));
                var unknown = ids.Where((_, i) => versions[i] is null).ToList();
                if (unknown.Count > 0)
                {
                    return new Problem(ProblemKind.NotFound, "Unknown charter",
                        $"No published charter {string.Join(", ", unknown.Select(u => $"'{u}'"))}.").ToProblem();
                }

                var catalogue = await grains.GetTaxonomy().GetCatalogueAsync();
                return Results.Ok(CharterAlignment.Align(versions.Select(v => v!).ToList(), catalogue));
            })
            .WithTags("Charters");

        return v1;
    }

    private static JsonObject DraftBody(string charterId, CharterDefinition draft)
    {
        var o = CharterDefinitionJson.Write(draft);
        o.Insert(0, "id", charterId);
        o.Insert(1, "draft", true);
        return o;
    }

    private static JsonObject VersionBody(CharterVersion version, IReadOnlyList<int>? versions)
    {
        var o = CharterDefinitionJson.Write(version.Definition);
        o.Insert(0, "id", version.CharterId);
        o.Insert(1, "version", version.Version);
        o["publishedAt"] = version.PublishedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        if (versions is not null)
        {
            o["versions"] = new JsonArray(versions.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        }

        return o;
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

    /// <summary>The body as text, or null when it is larger than <see cref="MaxDefinitionBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxDefinitionBytes)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxDefinitionBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(total))) > 0)
        {
            total += read;
        }

        return total > MaxDefinitionBytes ? null : new string(buffer, 0, total);
    }
}
