using System.Text.Json;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Host.Api;

/// <summary>Principles and evidence kinds (api.md, Taxonomy). Reads are public; PUT needs the admin key.</summary>
internal static class TaxonomyApi
{
    public static RouteGroupBuilder MapTaxonomyApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/principles", async (IGrainFactory grains) =>
            Results.Ok(await grains.GetTaxonomy().GetPrinciplesAsync()))
            .WithTags("Taxonomy")
            .WithName("listPrinciples")
            .WithSummary("List the ten good-work principles");

        v1.MapGet("/evidence-kinds", async (IGrainFactory grains) =>
            Results.Ok(await grains.GetTaxonomy().GetKindsAsync()))
            .WithTags("Taxonomy")
            .WithName("listEvidenceKinds")
            .WithSummary("List the evidence kinds an employer can report");

        v1.MapGet("/evidence-kinds/{kindId}", async (string kindId, IGrainFactory grains) =>
            await grains.GetTaxonomy().GetKindAsync(kindId) is { } kind
                ? Results.Ok(kind)
                : Problem.NotFound("evidence kind", kindId).ToProblem())
            .WithTags("Taxonomy")
            .WithName("getEvidenceKind")
            .WithSummary("Get one evidence kind")
            .Produces<EvidenceKind>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapPut("/evidence-kinds/{kindId}", async (string kindId, HttpRequest request, IGrainFactory grains) =>
            {
                // A document: the taxonomy grain reads and checks the definition.
                var saved = await grains.GetTaxonomy().PutKindAsync(kindId, (await RequestBody.TextAsync(request))!);
                return saved.ToResult(s => s.Created
                    ? Results.Created($"/api/v1/evidence-kinds/{s.Kind.Id}", s.Kind)
                    : Results.Ok(s.Kind));
            })
            .Accepts<JsonElement>("application/json")
            .RequireAdmin()
            .WithTags("Taxonomy")
            .WithName("putEvidenceKind")
            .WithSummary("Add an evidence kind or update one (admin)")
            .Produces<EvidenceKind>()
            .Produces<EvidenceKind>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        return v1;
    }
}
