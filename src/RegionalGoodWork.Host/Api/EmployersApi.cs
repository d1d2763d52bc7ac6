using System.Security.Claims;
using System.Text.Json;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Host.Api.Idempotency;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Employers (api.md): profile and sites, the evidence locker, memberships and evidence requests. Who may use each route
/// is its policy (<see cref="AccessPolicies"/>). Bodies are commands, read with <see cref="RequestBody"/>.
/// </summary>
internal static class EmployersApi
{
    public static RouteGroupBuilder MapEmployersApi(this RouteGroupBuilder v1)
    {
        // Each route names its policy: the employer's own key runs its locker; an officer of a charter it belongs to may
        // read it and add (officer-verified) evidence.
        var employers = v1.MapGroup("/employers/{employerId}").WithTags("Employers");

        employers.MapPut("", async (string employerId, JsonElement body, HttpContext http, IGrainFactory grains) =>
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

            var before = (await grains.GetEmployer(id).GetProfileAsync()).Value;
            var saved = await grains.GetEmployer(id).DefineAsync(ReadProfile(body));
            http.Audit().Summary = saved.Value is { } after ? AuditSummaries.Profile(before, after.Profile) : null;
            return saved.ToResult(s => s.Created ? Results.Created($"/api/v1/employers/{id}", s.Profile) : Results.Ok(s.Profile));
        }).RequireAuthorization(AccessPolicies.EmployerLocker)
            .WithName("defineEmployer")
            .WithSummary("Create or update an employer's profile and sites")
            .Produces<EmployerProfile>()
            .Produces<EmployerProfile>(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        employers.MapGet("", async (string employerId, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetProfileAsync())).RequireAuthorization(AccessPolicies.EmployerCase).AuditsReads()
            .WithName("getEmployer")
            .WithSummary("Get an employer's profile and sites")
            .Produces<EmployerProfile>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        employers.MapPost("/evidence", async (string employerId, JsonElement body, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
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

            return await Known(employerId, grains, async g =>
            {
                var submitted = await g.SubmitEvidenceAsync(new SubmitEvidence(items, caller.KeyId, MayChooseSource: mayChoose, DefaultSource: source));
                http.Audit().Summary = AuditSummaries.Evidence(items, source, submitted.Value);
                return submitted;
            });
        }).RequireAuthorization(AccessPolicies.EmployerCase).RequireFeature(FeatureFlags.OfficerVerifiedEvidence, Roles.CharterOfficer)
            .WithName("submitEvidence")
            .WithSummary("Report evidence to an employer's locker, once for every charter it belongs to (all or nothing)")
            .Produces<EvidenceSubmitted>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        employers.MapGet("/evidence", async (string employerId, bool? history, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetEvidenceAsync(history == true))).RequireAuthorization(AccessPolicies.EmployerCase).AuditsReads()
            .WithName("getEmployerEvidence")
            .WithSummary("List an employer's current evidence, or every item ever reported with history=true")
            .Produces<IReadOnlyList<EvidenceItemView>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        employers.MapPost("/memberships", async (string employerId, JsonElement body, HttpContext http, IGrainFactory grains) =>
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
            http.Audit().Summary = joined.Value is { } j0 ? $"member of {j0.Membership.CharterId} (version {j0.Membership.CharterVersion}), tier {j0.Membership.Tier ?? "none"}" : null;
            return joined.ToResult(j => j.Created
                ? Results.Created($"/api/v1/employers/{id}/memberships/{j.Membership.CharterId}", j.Membership)
                : Results.Ok(j.Membership));
        }).RequireAuthorization(AccessPolicies.EmployerLocker)
            .WithName("joinCharter")
            .WithSummary("Join a charter: the employer is assessed against its latest published version at once")
            .Produces<MembershipView>()
            .Produces<MembershipView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // An officer sees the memberships of its own charters only.
        employers.MapGet("/memberships", async (string employerId, ClaimsPrincipal user, IGrainFactory grains) =>
            await Known(employerId, grains, async g => Visible(await g.GetMembershipsAsync(), CallerClaims.From(user)!)))
            .RequireAuthorization(AccessPolicies.EmployerCase).AuditsReads()
            .WithName("listMemberships")
            .WithSummary("List an employer's charter memberships: tier, next tier, requirements met and missing")
            .Produces<IReadOnlyList<MembershipView>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        employers.MapGet("/memberships/{charterId}", async (string employerId, string charterId, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var id = EmployerIds.Normalize(employerId);
            if (!EmployerIds.IsValid(id))
            {
                return Problem.NotFound("employer", employerId).ToProblem();
            }

            var all = Visible(await grains.GetEmployer(id).GetMembershipsAsync(), CallerClaims.From(user)!);
            return all.Problem is { } problem
                ? problem.ToProblem()
                : all.Value!.FirstOrDefault(m => m.CharterId == charterId) is { } membership
                    ? Results.Ok(membership)
                    : new Problem(ProblemKind.NotFound, "Unknown membership", $"Employer '{id}' is not a member of '{charterId}'.").ToProblem();
        }).RequireAuthorization(AccessPolicies.EmployerCase).AuditsReads()
            .WithName("getMembership")
            .WithSummary("Get an employer's membership of one charter")
            .Produces<MembershipView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        employers.MapDelete("/memberships/{charterId}", async (string employerId, string charterId, HttpContext http, IGrainFactory grains) =>
        {
            http.Audit().Summary = $"withdrew from {charterId}";
            return await Known(employerId, grains, g => g.WithdrawAsync(charterId));
        }).RequireAuthorization(AccessPolicies.EmployerLocker)
            .WithName("withdrawMembership")
            .WithSummary("Withdraw an employer from a charter (the membership is kept in its history)")
            .Produces<MembershipView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        employers.MapGet("/evidence-requests", async (string employerId, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetEvidenceRequestsAsync())).RequireAuthorization(AccessPolicies.EmployerLocker).AuditsReads()
            .WithName("listEvidenceRequests")
            .WithSummary("List the evidence an employer still needs for the next tier of each membership, most useful first")
            .Produces<IReadOnlyList<EvidenceRequest>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        employers.MapGet("/next-tier-plan", async (string employerId, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetNextTierPlanAsync())).RequireAuthorization(AccessPolicies.EmployerLocker).AuditsReads()
            .WithName("getNextTierPlan")
            .WithSummary("The fewest evidence items, with values that satisfy them, that lift the most memberships to their next tier")
            .Produces<NextTierPlan>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // The renewal calendar, read like the memberships (the employer, the admin, an officer of a charter it is an active
        // member of — who sees only its own charters' dates); a read by anyone but the employer is audited.
        employers.MapGet("/calendar", async (string employerId, ClaimsPrincipal user, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetCalendarAsync(OfficerCharters(CallerClaims.From(user)!)), c => Results.Ok(c.Entries)))
            .RequireAuthorization(AccessPolicies.EmployerCase).AuditsReads()
            .WithName("getEmployerCalendar")
            .WithSummary("List every due date across the employer's charters, earliest first: evidence expiries, pay-by dates, annual reviews, version moves, officer reviews due")
            .Produces<IReadOnlyList<CalendarEntry>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        employers.MapGet("/calendar.ics", async (string employerId, ClaimsPrincipal user, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetCalendarAsync(OfficerCharters(CallerClaims.From(user)!)),
                c => Results.Bytes(ICalendarFeed.Write(c), ICalendarFeed.ContentType)))
            .RequireAuthorization(AccessPolicies.EmployerCase).AuditsReads()
            .WithName("getEmployerCalendarFeed")
            .WithSummary("The employer's renewal calendar as an iCalendar feed (RFC 5545, text/calendar) for Outlook and Google Calendar")
            .Produces<string>(contentType: "text/calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);

        // A private feed address for calendar applications, which subscribe to an address and cannot send a key: the address
        // carries a secret (only its salted hash is kept; issuing again replaces it, DELETE revokes it). The employer's own key
        // or session, or the admin; whoever holds the address reads the employer's whole calendar as the employer would.
        employers.MapPost("/calendar/feed", async (string employerId, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
            {
                var id = EmployerIds.Normalize(employerId);
                if (!EmployerIds.IsValid(id) || (await grains.GetEmployer(id).GetProfileAsync()).Problem is not null)
                {
                    return Problem.NotFound("employer", employerId).ToProblem();
                }

                var issued = await grains.GetCalendarFeed(id).IssueAsync(CallerClaims.From(user)!.KeyId);
                http.Audit().Summary = "issued the calendar feed address (any earlier one stops working)";
                return Results.Created((string?)null, new
                {
                    url = $"{http.Request.Scheme}://{http.Request.Host}/api/v1/calendar-feeds/{id}/{issued.Secret}.ics",
                    issuedAt = issued.IssuedAt,
                });
            })
            .RequireAuthorization(AccessPolicies.EmployerLocker)
            .AnswersASecretOnce()
            .WithName("issueEmployerCalendarFeed")
            .WithSummary("Issue the private address calendar applications subscribe to (shown only in this answer; replaces any earlier one)")
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound);

        employers.MapDelete("/calendar/feed", async (string employerId, HttpContext http, IGrainFactory grains) =>
            {
                var id = EmployerIds.Normalize(employerId);
                if (!EmployerIds.IsValid(id) || !await grains.GetCalendarFeed(id).RevokeAsync())
                {
                    return new Problem(ProblemKind.NotFound, "No calendar feed address", $"Employer '{employerId}' has no calendar feed address to revoke.").ToProblem();
                }

                http.Audit().Summary = "revoked the calendar feed address";
                return Results.NoContent();
            })
            .RequireAuthorization(AccessPolicies.EmployerLocker)
            .WithName("revokeEmployerCalendarFeed")
            .WithSummary("Revoke the calendar feed address: subscriptions to it stop at once")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        // The feed itself: no key (the address is the credential). An address that does not open answers 404, as an unknown one.
        v1.MapGet("/calendar-feeds/{employerId}/{secret}.ics", async (string employerId, string secret, IGrainFactory grains) =>
            {
                var id = EmployerIds.Normalize(employerId);
                return EmployerIds.IsValid(id) && await grains.GetCalendarFeed(id).OpensAsync(secret)
                    ? await Known(employerId, grains, g => g.GetCalendarAsync(null), c => Results.Bytes(ICalendarFeed.Write(c), ICalendarFeed.ContentType))
                    : new Problem(ProblemKind.NotFound, "Unknown calendar feed", "No calendar feed has this address (it may have been revoked or replaced).").ToProblem();
            })
            .WithTags("Employers")
            .WithName("getCalendarFeedBySecretAddress")
            .WithSummary("An employer's renewal calendar at its private feed address (iCalendar, RFC 5545), for calendar subscriptions")
            .Produces<string>(contentType: "text/calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Public contract awards (Contracts Finder) linked to the employer by company number. The awards are public at their
        // source, but which employer on the platform they belong to is read like the profile: the employer, its charters'
        // officers and the admin, each read by another audited.
        employers.MapGet("/contracts", async (string employerId, IGrainFactory grains) =>
            await Known(employerId, grains, g => g.GetContractsAsync())).RequireAuthorization(AccessPolicies.EmployerCase).AuditsReads()
            .WithName("listEmployerContracts")
            .WithSummary("List the public contract awards (Contracts Finder) naming the employer as a supplier, newest first")
            .Produces<IReadOnlyList<ContractAward>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return v1;
    }

    /// <summary>Calls the employer grain when the id is well formed; a malformed id is an unknown employer.</summary>
    private static async Task<IResult> Known<T>(string employerId, IGrainFactory grains, Func<IEmployerGrain, Task<Outcome<T>>> call,
        Func<T, IResult>? onOk = null)
    {
        var id = EmployerIds.Normalize(employerId);
        return EmployerIds.IsValid(id)
            ? (await call(grains.GetEmployer(id))).ToResult(onOk)
            : Problem.NotFound("employer", employerId).ToProblem();
    }

    /// <summary>An officer's charters (it sees only their memberships); null for anyone else let in (all of them).</summary>
    private static IReadOnlyList<string>? OfficerCharters(Caller caller) =>
        caller is { Role: Roles.CharterOfficer, Scope.CharterIds: { } charters } ? charters : null;

    /// <summary>The memberships a caller may see: an officer, those of its charters; anyone else let in, all of them.</summary>
    private static Outcome<IReadOnlyList<MembershipView>> Visible(Outcome<IReadOnlyList<MembershipView>> memberships, Caller caller) =>
        caller is { Role: Roles.CharterOfficer, Scope.CharterIds: { } charters } && memberships.Value is { } all
            ? Outcome<IReadOnlyList<MembershipView>>.Ok(all.Where(m => charters.Contains(m.CharterId, StringComparer.Ordinal)).ToList())
            : memberships;

    private static DefineEmployer ReadProfile(JsonElement body) =>
        new(RequestBody.Text(body, "name"), RequestBody.Text(body, "companyNumber"), RequestBody.TextList(body, "sicCodes"),
            RequestBody.List(body, "sites")?.Select(site => site.ValueKind == JsonValueKind.Object
                ? new SiteInput(RequestBody.Text(site, "localAuthority"), RequestBody.Number(site, "headcount"))
                : null).ToList());

    private static List<EvidenceItemInput?>? ReadItems(JsonElement body) => RequestBody.List(body, "items")?.Select(ReadItem).ToList();

    /// <summary>One evidence item as sent (<c>{kind, value, effectiveFrom?, validUntil?, note?, source?}</c>); null when not an object.</summary>
    public static EvidenceItemInput? ReadItem(JsonElement item) =>
        item.ValueKind != JsonValueKind.Object
            ? null
            : new EvidenceItemInput(
                RequestBody.Text(item, "kind"),
                item.TryGetProperty("value", out var value) ? SubmittedValue.FromJson(value) : null,
                RequestBody.Text(item, "effectiveFrom"),
                RequestBody.Text(item, "validUntil"),
                RequestBody.Text(item, "note"),
                RequestBody.Text(item, "source"));
}
