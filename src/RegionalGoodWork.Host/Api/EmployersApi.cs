using System.Security.Claims;
using System.Text.Json;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Employers (api.md): profile and sites, the evidence locker, memberships and evidence requests. Every route needs the
/// admin key for now (partner keys come with the partner API). Bodies are commands, read with <see cref="RequestBody"/>.
/// </summary>
internal static class EmployersApi
{
    public static RouteGroupBuilder MapEmployersApi(this RouteGroupBuilder v1)
    {
        var employers = v1.MapGroup("/employers/{employerId}").RequireAuthorization(AccessPolicies.EmployerLocker).WithTags("Employers");

        employers.MapPut("", async (string employerId, JsonElement body, IGrainFactory grains) =>
        {
            var id = EmployerIds.Normalize(employerId);
            if (!EmployerIds.IsValid(id))
            {
                return ApiResults.Invalid("employerId", $"'{employerId}' is not an employer id: a lowercase slug or Companies House number.");
            }

            if (RequestBody.NotAnObject(body, "{name, companyNumber?, sicCodes?, sites}") is { } notAnObject)
            {
                return notAnObject;
            }

            var saved = await grains.GetEmployer(id).DefineAsync(ReadProfile(body));
            return saved.ToResult(s => s.Created ? Results.Created($"/api/v1/employers/{id}", s.Profile) : Results.Ok(s.Profile));
        });

        employers.MapGet("", async (string employerId, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetProfileAsync()));

        employers.MapPost("/evidence", async (string employerId, JsonElement body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (ReadItems(body) is not { } items)
            {
                return ApiResults.Invalid("items", "Required: {\"items\": [{kind, value, effectiveFrom?, validUntil?, note?}]}.");
            }

            // The source follows the caller, never the body: a caller that may not choose it gets 403 for naming another.
            var caller = CallerClaims.From(user)!;
            var (source, mayChoose) = EvidenceSourceRule.For(caller);
            if (!mayChoose)
            {
                if (items.FirstOrDefault(i => i?.Source is { } named && named != source.ToWire()) is { } asked)
                {
                    return new Problem(ProblemKind.Forbidden, "Outside this key's scope",
                        $"Evidence sent with a key of role {caller.Role} is recorded as {source.ToWire()}; it cannot be '{asked.Source}'. Nothing was stored.").ToProblem();
                }

                items = items.Select(i => i is null ? null : i with { Source = null }).ToList();
            }

            return await Known(employerId, grains, g => g.SubmitEvidenceAsync(
                new SubmitEvidence(items, caller.KeyId, MayChooseSource: mayChoose, DefaultSource: source)));
        });

        employers.MapGet("/evidence", async (string employerId, bool? history, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetEvidenceAsync(history == true)));

        employers.MapPost("/memberships", async (string employerId, JsonElement body, IGrainFactory grains) =>
        {
            var charterId = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("charterId", out var c) &&
                            c.ValueKind == JsonValueKind.String
                ? RequestBody.Text(body, "charterId")
                : null;
            if (string.IsNullOrWhiteSpace(charterId))
            {
                return ApiResults.Invalid("charterId", "Required: the id of the charter to join, e.g. gm-gec.");
            }

            var id = EmployerIds.Normalize(employerId);
            if (!EmployerIds.IsValid(id))
            {
                return Problem.NotFound("employer", employerId).ToProblem();
            }

            var joined = await grains.GetEmployer(id).JoinAsync(charterId.Trim());
            return joined.ToResult(j => j.Created
                ? Results.Created($"/api/v1/employers/{id}/memberships/{j.Membership.CharterId}", j.Membership)
                : Results.Ok(j.Membership));
        });

        employers.MapGet("/memberships", async (string employerId, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetMembershipsAsync()));

        employers.MapGet("/memberships/{charterId}", async (string employerId, string charterId, IGrainFactory grains) =>
        {
            var id = EmployerIds.Normalize(employerId);
            if (!EmployerIds.IsValid(id))
            {
                return Problem.NotFound("employer", employerId).ToProblem();
            }

            var all = await grains.GetEmployer(id).GetMembershipsAsync();
            return all.Problem is { } problem
                ? problem.ToProblem()
                : all.Value!.FirstOrDefault(m => m.CharterId == charterId) is { } membership
                    ? Results.Ok(membership)
                    : new Problem(ProblemKind.NotFound, "Unknown membership", $"Employer '{id}' is not a member of '{charterId}'.").ToProblem();
        });

        employers.MapDelete("/memberships/{charterId}", async (string employerId, string charterId, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.WithdrawAsync(charterId)));

        employers.MapGet("/evidence-requests", async (string employerId, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetEvidenceRequestsAsync()));

        return v1;
    }

    /// <summary>Calls the employer grain when the id is well formed; a malformed id is an unknown employer.</summary>
    private static async Task<IResult> Known<T>(string employerId, IGrainFactory grains, Func<IEmployerGrain, Task<Outcome<T>>> call)
    {
        var id = EmployerIds.Normalize(employerId);
        return EmployerIds.IsValid(id)
            ? (await call(grains.GetEmployer(id))).ToResult()
            : Problem.NotFound("employer", employerId).ToProblem();
    }

    private static DefineEmployer ReadProfile(JsonElement body) =>
        new(RequestBody.Text(body, "name"), RequestBody.Text(body, "companyNumber"), RequestBody.TextList(body, "sicCodes"),
            RequestBody.List(body, "sites")?.Select(site => site.ValueKind == JsonValueKind.Object
                ? new SiteInput(RequestBody.Text(site, "localAuthority"), RequestBody.Number(site, "headcount"))
                : null).ToList());

    private static List<EvidenceItemInput?>? ReadItems(JsonElement body) =>
        RequestBody.List(body, "items")?.Select(item => item.ValueKind != JsonValueKind.Object
            ? null
            : new EvidenceItemInput(
                RequestBody.Text(item, "kind"),
                item.TryGetProperty("value", out var value) ? SubmittedValue.FromJson(value) : null,
                RequestBody.Text(item, "effectiveFrom"),
                RequestBody.Text(item, "validUntil"),
                RequestBody.Text(item, "note"),
                RequestBody.Text(item, "source"))).ToList();
}
