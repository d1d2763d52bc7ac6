using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Host.Api.Idempotency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Impact before publishing (api.md, "Pay, plans and lifecycle"): the charter's draft run against every member, answered as
/// moves by tier and by council; changes nothing. For the charter's stewards, like the draft itself.
/// </summary>
internal static class CharterImpactApi
{
    public static RouteGroupBuilder MapCharterImpactApi(this RouteGroupBuilder v1)
    {
        // No draft → 409, as publishing answers. A POST that stores nothing: no Idempotency-Key.
        v1.MapPost("/charters/{charterId}/draft/impact", async (string charterId, HttpContext http, IGrainFactory grains) =>
            {
                if (!Ids.IsSlug(charterId))
                {
                    return Problem.NotFound("charter", charterId).ToProblem();
                }

                var impact = await grains.GetDraftImpact().RunAsync(charterId);
                if (impact.Value is { } found)
                {
                    http.Audit().Summary = $"draft impact run: {found.Members} member(s), {found.Moved} would change tier (nothing changed)";
                }

                return impact.ToResult();
            })
            .WithTags("Charters")
            .RequireAuthorization(AccessPolicies.CharterSteward)
            .CreatesNothing()
            .WithName("runCharterDraftImpact")
            .WithSummary("Before publishing, see whom the draft moves: every member assessed against it, counted by tier move and by council (changes nothing)")
            .Produces<DraftImpact>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return v1;
    }
}
