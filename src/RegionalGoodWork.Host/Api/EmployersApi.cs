using System.Text.Json;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Employers (api.md): profile and sites, the evidence locker, memberships and evidence requests. Every route needs the
/// admin key for now (partner keys come with the partner API). Bodies are read leniently here — a field of the wrong
/// JSON type is passed on as its JSON text — so that the grain reports every problem of a request at once.
/// </summary>
internal static class EmployersApi
{
    /// <summary>The principal recorded as the submitter of evidence sent with the platform admin key.</summary>
    public const string AdminPrincipal = "admin";

    public static RouteGroupBuilder MapEmployersApi(this RouteGroupBuilder v1)
    {
        var employers = v1.MapGroup("/employers/{employerId}").RequireAdmin().WithTags("Employers");

        employers.MapPut("", async (string employerId, JsonElement body, IGrainFactory grains) =>
        {
            var id = EmployerIds.Normalize(employerId);
            if (!EmployerIds.IsValid(id))
            {
                return ApiResults.Invalid("employerId", $"'{employerId}' is not an employer id: a lowercase slug or Companies House number.");
            }

            if (body.ValueKind != JsonValueKind.Object)
            {
                return ApiResults.Invalid("$", "The body must be a JSON object {name, companyNumber?, sicCodes?, sites}.");
            }

            var saved = await grains.GetEmployer(id).DefineAsync(ReadProfile(body));
            return saved.ToResult(s => s.Created ? Results.Created($"/api/v1/employers/{id}", s.Profile) : Results.Ok(s.Profile));
        });

        employers.MapGet("", async (string employerId, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetProfileAsync()));

        employers.MapPost("/evidence", async (string employerId, JsonElement body, IGrainFactory grains) =>
        {
            if (!TryReadItems(body, out var items, out var problem))
            {
                return problem;
            }

            return await Known(employerId, grains, g => g.SubmitEvidenceAsync(
                new SubmitEvidence(items, AdminPrincipal, MayChooseSource: true, DefaultSource: EvidenceSource.SelfDeclared)));
        });

        employers.MapGet("/evidence", async (string employerId, bool? history, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetEvidenceAsync(history == true)));

        employers.MapPost("/memberships", async (string employerId, JsonElement body, IGrainFactory grains) =>
        {
            var charterId = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("charterId", out var c) &&
                            c.ValueKind == JsonValueKind.String
                ? c.GetString()
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

    private static DefineEmployer ReadProfile(JsonElement body)
    {
        var sites = body.TryGetProperty("sites", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Select(site => site.ValueKind == JsonValueKind.Object
                ? new SiteInput(Text(site, "localAuthority"),
                    site.TryGetProperty("headcount", out var h) && h.ValueKind == JsonValueKind.Number && h.TryGetDecimal(out var n) ? n : null)
                : null).ToList()
            : null;
        var sicCodes = body.TryGetProperty("sicCodes", out var codes)
            ? codes.ValueKind switch
            {
                JsonValueKind.Array => codes.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText()).ToList(),
                JsonValueKind.Null => null,
                _ => [codes.GetRawText()],
            }
            : null;
        return new DefineEmployer(Text(body, "name"), Text(body, "companyNumber"), sicCodes, sites);
    }

    private static bool TryReadItems(JsonElement body, out List<EvidenceItemInput?> items, out IResult problem)
    {
        items = [];
        problem = Results.Empty;
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("items", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            problem = ApiResults.Invalid("items", "Required: {\"items\": [{kind, value, effectiveFrom?, validUntil?, note?}]}.");
            return false;
        }

        foreach (var item in list.EnumerateArray())
        {
            items.Add(item.ValueKind != JsonValueKind.Object
                ? null
                : new EvidenceItemInput(
                    Text(item, "kind"),
                    item.TryGetProperty("value", out var value) ? SubmittedValue.FromJson(value) : null,
                    Text(item, "effectiveFrom"),
                    Text(item, "validUntil"),
                    Text(item, "note"),
                    Text(item, "source")));
        }

        return true;
    }

    /// <summary>A string property's text; a property of another JSON type as its JSON text; null when absent or null.</summary>
    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var p)
            ? p.ValueKind switch
            {
                JsonValueKind.String => p.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => p.GetRawText(),
            }
            : null;
}
