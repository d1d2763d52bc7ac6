using System.Security.Claims;
using System.Text.Json;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Host.Api.Idempotency;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// The inbound partner API (api.md, Partners and connectors): a partner pushes the evidence it verifies. Routes only:
/// finding employers and checking each item is the Employers module's (<see cref="IPartnerEvidenceGrain"/>).
/// </summary>
internal static class PartnersApi
{
    public static RouteGroupBuilder MapPartnersApi(this RouteGroupBuilder v1)
    {
        var partners = v1.MapGroup("/partners/{partnerId}").WithTags("Partners").RequireAuthorization(AccessPolicies.PartnerSelf);

        // A partner's push is retried by machines at night: it must carry an Idempotency-Key, so a retry stores nothing twice.
        partners.MapPost("/evidence", async (string partnerId, HttpRequest request, JsonElement body, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                if (!request.Headers.ContainsKey(IdempotencyKey.Header))
                {
                    return ApiResults.Invalid(IdempotencyKey.Header,
                        "Required on a partner's push: a unique key per request (e.g. a UUID), sent again unchanged when the request is retried.");
                }

                if (RequestBody.NotAnObject(body, "{items: [{employerId or companyNumber, kind, value, effectiveFrom?}]}") is { } notAnObject)
                {
                    return notAnObject;
                }

                var items = RequestBody.List(body, "items")?.Select(ReadItem).ToList();
                var submitted = await grains.GetPartnerEvidence().SubmitAsync(new SubmitPartnerEvidence(partnerId, items, CallerClaims.From(user)!.KeyId));
                return submitted.ToResult();
            })
            .WithName("submitPartnerEvidence")
            .WithSummary("Push evidence a partner verifies, by employer id or company number; each rejected item says why")
            .Produces<PartnerEvidenceSubmitted>()
            .ProducesValidationProblem();

        return v1;
    }

    private static PartnerItemInput? ReadItem(JsonElement item) =>
        EmployersApi.ReadItem(item) is { } evidence
            ? new PartnerItemInput(RequestBody.Text(item, "employerId"), RequestBody.Text(item, "companyNumber"), evidence)
            : null;
}
