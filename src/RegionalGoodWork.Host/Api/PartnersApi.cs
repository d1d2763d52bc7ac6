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
        partners.MapPost("/evidence", async (string partnerId, HttpContext http, JsonElement body, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                if (!http.Request.Headers.ContainsKey(IdempotencyKey.Header))
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
                if (submitted.Value is { } done)
                {
                    // The push is the partner's write, and one on every employer it added evidence to.
                    var audit = http.Audit();
                    audit.Summary = $"{done.Accepted.Count} item(s) accepted, {done.Rejected.Count} rejected";
                    audit.Also.AddRange(done.Accepted.GroupBy(a => a.EmployerId, StringComparer.Ordinal).Select(e => (
                        AuditRecorder.ResourceOf($"/api/v1/employers/{e.Key}"),
                        $"{e.Count()} item(s) added as partner-verified by {partnerId}: {string.Join(", ", e.Select(a => a.Kind))}")));
                }

                return submitted.ToResult();
            })
            .WithName("submitPartnerEvidence")
            .WithSummary("Push evidence a partner verifies, by employer id or company number; each rejected item says why")
            .Produces<PartnerEvidenceSubmitted>()
            .ProducesValidationProblem()
            .RequireFeature(FeatureFlags.PartnerEvidenceApi, whenOff: SharedKernel.ProblemKind.NotFound);

        return v1;
    }

    private static PartnerItemInput? ReadItem(JsonElement item) =>
        EmployersApi.ReadItem(item) is { } evidence
            ? new PartnerItemInput(RequestBody.Text(item, "employerId"), RequestBody.Text(item, "companyNumber"), evidence)
            : null;
}
