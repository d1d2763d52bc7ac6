using System.Security.Claims;
using System.Text.Json;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Officer review of applications (api.md, "Pay, plans and lifecycle"; charters with <c>"review": "officer"</c>), behind the
/// flag <see cref="FeatureFlags.OfficerReview"/>: the applications waiting for a charter's officers (the charter's
/// applications list, a view the employers tell) and the decision on one (the employer grain). Who: the charter's steward
/// (its officers, its owner region's operator, an admin: <see cref="AccessPolicies.CharterSteward"/>).
/// </summary>
internal static class OfficerReviewApi
{
    public const int MaxNoteLength = 2000;
    public const int DefaultSample = 3;
    public const int MaxSample = 20;

    public static RouteGroupBuilder MapOfficerReviewApi(this RouteGroupBuilder v1)
    {
        var applications = v1.MapGroup("/charters/{charterId}/applications").WithTags("Charters");

        applications.MapGet("", async (string charterId, IGrainFactory grains) =>
                Ids.IsSlug(charterId) && await grains.GetCharter(charterId).GetLatestAsync() is not null
                    ? Results.Ok(await grains.GetCharterApplications(charterId).ListAsync())
                    : Problem.NotFound("charter", charterId).ToProblem())
            .RequireAuthorization(AccessPolicies.CharterSteward).RequireFeature(FeatureFlags.OfficerReview).AuditsReads()
            .WithName("listCharterApplications")
            .WithSummary("List the applications waiting for the charter's officers (charters under officer review), oldest first")
            .Produces<IReadOnlyList<CharterApplication>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        applications.MapPost("/{employerId}/decision", async (string charterId, string employerId, JsonElement body, ClaimsPrincipal user, HttpContext http,
                IGrainFactory grains) =>
            {
                if (RequestBody.NotAnObject(body, "{decision: approved|rejected, note, tier?, evidenceItemIds?}") is { } notAnObject)
                {
                    return notAnObject;
                }

                var errors = new ValidationErrors();
                var verdict = RequestBody.Text(body, "decision") switch
                {
                    "approved" => ApplicationVerdict.Approved,
                    "rejected" => ApplicationVerdict.Rejected,
                    var other => (ApplicationVerdict?)null,
                };
                if (verdict is null)
                {
                    errors.Add("decision", "Required: approved or rejected.");
                }

                var note = RequestBody.Text(body, "note")?.Trim();
                if (note is { Length: > MaxNoteLength })
                {
                    errors.Add("note", $"At most {MaxNoteLength} characters.");
                }
                else if (verdict == ApplicationVerdict.Rejected && string.IsNullOrEmpty(note))
                {
                    errors.Add("note", "A rejection needs a note saying why (the employer reads it).");
                }

                // Optional: the tier and items the officer read in the list; a changed application then answers 409, not a blind decision.
                var seenTier = RequestBody.Text(body, "tier");
                var seenIds = RequestBody.TextList(body, "evidenceItemIds");
                if (body.TryGetProperty("evidenceItemIds", out var listed) && listed.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
                {
                    errors.Add("evidenceItemIds", "A list of evidence item ids (as the application lists them).");
                }

                var id = EmployerIds.Normalize(employerId);
                if (errors.Any)
                {
                    return Problem.Invalid(errors).ToProblem();
                }

                if (!EmployerIds.IsValid(id) || !Ids.IsSlug(charterId))
                {
                    return Problem.NotFound("employer", employerId).ToProblem();
                }

                var decided = await grains.GetEmployerReview(id).DecideApplicationAsync(
                    new DecideApplication(charterId, verdict!.Value, string.IsNullOrEmpty(note) ? null : note, CallerClaims.From(user)!.KeyId, seenTier, seenIds));
                if (decided.Value?.Review is { } review && (verdict == ApplicationVerdict.Approved ? review.Approval : review.Rejection) is { } decision)
                {
                    var summary = $"{(verdict == ApplicationVerdict.Approved ? "approved" : "rejected")} {decision.Tier} of {charterId} for {id}, " +
                                  $"on {string.Join(", ", decision.EvidenceItemIds)}{(note is null ? string.Empty : $": {note}")}";
                    http.Audit().Summary = summary;
                    http.Audit().Also.Add(($"/api/v1/employers/{id}", summary));
                }

                return decided.ToResult();
            })
            .RequireAuthorization(AccessPolicies.CharterSteward).RequireFeature(FeatureFlags.OfficerReview)
            .WithName("decideApplication")
            .WithSummary("Approve or reject (with a note) an employer's application; an approval keeps a snapshot of the evidence it approved")
            .Produces<MembershipView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // A random sample of a member's current evidence of the kinds the charter reads, for the officer to check; each draw is
        // recorded in the employer's and the charter's audit trails (with a key, a retried draw answers the same sample).
        v1.MapPost("/charters/{charterId}/members/{employerId}/sample", async (string charterId, string employerId, int? size, HttpContext http,
                IGrainFactory grains) =>
            {
                if (size is < 1 or > MaxSample)
                {
                    return ApiResults.Invalid("size", $"From 1 to {MaxSample} items (default {DefaultSample}).");
                }

                var id = EmployerIds.Normalize(employerId);
                if (!EmployerIds.IsValid(id) || !Ids.IsSlug(charterId))
                {
                    return Problem.NotFound("employer", employerId).ToProblem();
                }

                var sample = await grains.GetEmployerReview(id).SampleEvidenceAsync(charterId, size ?? DefaultSample);
                if (sample.Value is { } drawn)
                {
                    var summary = $"sample of {drawn.Items.Count} of {drawn.Of} items of {id} for {charterId}: " +
                                  (drawn.Items.Count == 0 ? "none held" : string.Join(", ", drawn.Items.Select(i => $"{i.Id} ({i.Kind})")));
                    http.Audit().Summary = summary;
                    http.Audit().Also.Add(($"/api/v1/employers/{id}", summary));
                }

                return sample.ToResult();
            })
            .WithTags("Charters")
            .RequireAuthorization(AccessPolicies.CharterSteward).RequireFeature(FeatureFlags.OfficerReview)
            .WithName("sampleMemberEvidence")
            .WithSummary("Draw a random sample of a member's current evidence of the kinds the charter reads, to check (recorded in the audit trail)")
            .Produces<EvidenceSample>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // An officer verifies a self-declared item as it stands: a new officer-verified item (the locker is append-only).
        v1.MapPost("/employers/{employerId}/evidence/{itemId}/verify", async (string employerId, string itemId, ClaimsPrincipal user, HttpContext http,
                IGrainFactory grains) =>
            {
                var caller = CallerClaims.From(user)!;
                if (caller.Role is not (Roles.CharterOfficer or Roles.Admin))
                {
                    return new Problem(ProblemKind.Forbidden, "Outside this key's scope",
                        $"Evidence is verified by an officer of a charter the employer belongs to; a key of role {caller.Role} cannot verify it. Nothing was stored.").ToProblem();
                }

                var id = EmployerIds.Normalize(employerId);
                if (!EmployerIds.IsValid(id))
                {
                    return Problem.NotFound("employer", employerId).ToProblem();
                }

                var verified = await grains.GetEmployerReview(id).VerifyEvidenceAsync(itemId, caller.KeyId);
                http.Audit().Summary = verified.Value is { } v ? $"verified {itemId} ({v.Kind}) as {v.Id}, officer-verified" : null;
                return verified.ToResult(v => Results.Created($"/api/v1/employers/{id}/evidence?history=true", v));
            })
            .WithTags("Employers")
            .RequireAuthorization(AccessPolicies.EmployerCase).RequireFeature(FeatureFlags.OfficerVerifiedEvidence, Roles.CharterOfficer)
            .WithName("verifyEvidence")
            .WithSummary("Verify an employer's evidence item as an officer: an officer-verified copy is added, outranking the self-declared one")
            .Produces<EvidenceItemView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return v1;
    }
}
