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
                if (RequestBody.NotAnObject(body, "{decision: approved|rejected, note}") is { } notAnObject)
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
                    new DecideApplication(charterId, verdict!.Value, string.IsNullOrEmpty(note) ? null : note, CallerClaims.From(user)!.KeyId));
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

        return v1;
    }
}
