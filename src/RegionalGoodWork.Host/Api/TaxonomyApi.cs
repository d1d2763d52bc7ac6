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

        v1.MapGet("/wage-rates", async (IGrainFactory grains) =>
                Results.Ok((await grains.GetWageRates().GetTableAsync()).Rates))
            .WithTags("Taxonomy")
            .WithName("listWageRates")
            .WithSummary("List the announced wage rates (real Living Wage UK and London, National Living Wage), newest first, with their sources")
            .Produces<IReadOnlyList<WageRate>>();

        v1.MapPost("/wage-rates", async (HttpRequest request, HttpContext http, IGrainFactory grains) =>
            {
                // A document: the wage-rates grain reads and checks the announcement.
                var announced = await grains.GetWageRates().AnnounceAsync((await RequestBody.TextAsync(request))!);
                http.Audit().Summary = announced.Value is { Created: true, Rate: var r }
                    ? $"announced {r.Scheme} of {r.AnnouncedOn:yyyy-MM-dd}: UK {r.Rates.Uk}, London {(r.Rates.London is { } l ? l.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}, pay by {r.PayBy:yyyy-MM-dd}"
                    : null;
                return announced.ToResult(a => a.Created ? Results.Created("/api/v1/wage-rates", a.Rate) : Results.Ok(a.Rate));
            })
            .Accepts<JsonElement>("application/json")
            .RequireAdmin()
            .WithTags("Taxonomy")
            .WithName("announceWageRate")
            .WithSummary("Announce a new wage rate (admin): {scheme, announcedOn, payBy?, rates: {uk, london?}, source?}")
            .Produces<WageRate>()
            .Produces<WageRate>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        return v1;
    }
}
