using System.Security.Claims;
using System.Text.Json;
using Microsoft.FeatureManagement;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Host.Api.Idempotency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Charters, versions, members, assessment and alignment (api.md, Charters). Writes need a charter's steward (its
/// officers, its owner region's operator, an admin: <see cref="AccessPolicies.CharterSteward"/>). Routes only: every
/// check and computation is the Charters module's, behind its grains.
/// </summary>
internal static class ChartersApi
{
    /// <summary>A charter definition larger than this is refused (413).</summary>
    public const int MaxDefinitionBytes = 1024 * 1024;

    public static RouteGroupBuilder MapChartersApi(this RouteGroupBuilder v1)
    {
        var charters = v1.MapGroup("/charters").WithTags("Charters");

        charters.MapPut("/{charterId}/draft", async (string charterId, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                var json = await RequestBody.TextAsync(request, MaxDefinitionBytes);
                if (json is null)
                {
                    return Results.Problem($"A charter definition may be at most {MaxDefinitionBytes} bytes.", title: "Definition too large",
                        statusCode: StatusCodes.Status413PayloadTooLarge);
                }

                if (!Ids.IsSlug(charterId))
                {
                    // Report the bad id together with every other problem, without activating a charter grain for it.
                    return (await grains.GetCharterAnalysis().CheckDefinitionAsync(charterId, json)).Problem!.ToProblem();
                }

                if (await CharterOwnerRule.CheckDraftAsync(CallerClaims.From(user)!, charterId, json, grains) is { } notYours)
                {
                    return notYours.ToProblem();
                }

                var saved = await grains.GetCharter(charterId).SaveDraftAsync(json);
                return saved.ToResult(d => Results.Ok(CharterDocument.OfDraft(charterId, d)));
            })
            .Accepts<JsonElement>("application/json")
            .RequireAuthorization(AccessPolicies.CharterSteward)
            .WithName("putCharterDraft")
            .WithSummary("Save a charter's draft definition (checked whole: every problem is named at once)")
            .Produces<CharterDocument>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        charters.MapGet("/{charterId}/draft", async (string charterId, IGrainFactory grains) =>
                Ids.IsSlug(charterId) && await grains.GetCharter(charterId).GetDraftAsync() is { } draft
                    ? Results.Ok(CharterDocument.OfDraft(charterId, draft))
                    : Problem.NotFound("charter draft", charterId).ToProblem())
            .RequireAuthorization(AccessPolicies.CharterSteward)
            .WithName("getCharterDraft")
            .WithSummary("Read a charter's draft, not yet published")
            .Produces<CharterDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // No draft → 409: the request conflicts with the charter's state (nothing to publish), it is not malformed. The
        // optional body {effectiveFrom?, gracePeriodDays?} schedules the members' move (CharterPublishing).
        charters.MapPost("/{charterId}/publish", async (string charterId, HttpRequest request, IGrainFactory grains, IFeatureManager features,
                PlatformClock clock) =>
            {
                if (!Ids.IsSlug(charterId))
                {
                    return Problem.NotFound("charter", charterId).ToProblem();
                }

                var (asked, malformed) = await CharterPublishing.ReadAsync(request);
                if (malformed is not null)
                {
                    return malformed;
                }

                var published = await CharterPublishing.PublishAsync(charterId, asked!, grains, features, clock);
                return published.ToResult(v => Results.Created($"/api/v1/charters/{v.CharterId}/versions/{v.Version}", CharterPublishing.Answer(v)));
            })
            .Accepts<JsonElement>(isOptional: true, "application/json")
            .RequireAuthorization(AccessPolicies.CharterSteward)
            .WithName("publishCharter")
            .WithSummary("Publish the charter's draft as its next version, which never changes; with effectiveFrom, the members move on that date (after the grace period)")
            .ProducesValidationProblem()
            .Produces(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        charters.MapGet("/", async (IGrainFactory grains) => Results.Ok(await grains.GetCharterRegistry().ListAsync()))
            .WithName("listCharters")
            .WithSummary("List the published charters");

        charters.MapGet("/{charterId}", async (string charterId, IGrainFactory grains) =>
            Ids.IsSlug(charterId) && await grains.GetCharter(charterId).GetOverviewAsync() is { } overview
                ? Results.Ok(CharterDocument.OfOverview(overview))
                : Problem.NotFound("charter", charterId).ToProblem())
            .WithName("getCharter")
            .WithSummary("Get a charter's latest published version and the list of its versions")
            .Produces<CharterDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        charters.MapGet("/{charterId}/versions/{version:int}", async (string charterId, int version, IGrainFactory grains) =>
            Ids.IsSlug(charterId) && await grains.GetCharter(charterId).GetVersionAsync(version) is { } found
                ? Results.Ok(CharterDocument.OfVersion(found))
                : Problem.NotFound("charter version", $"{charterId}/{version}").ToProblem())
            .WithName("getCharterVersion")
            .WithSummary("Get one published version of a charter")
            .Produces<CharterDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // A published version never changes: any attempt to replace or delete one is a conflict.
        var immutable = async (string charterId, int version, IGrainFactory grains) =>
            Ids.IsSlug(charterId) && await grains.GetCharter(charterId).GetVersionAsync(version) is not null
                ? Problem.Conflict($"Version {version} of '{charterId}' is published and never changes. PUT /api/v1/charters/{charterId}/draft and publish a new version instead.").ToProblem()
                : Problem.NotFound("charter version", $"{charterId}/{version}").ToProblem();
        charters.MapPut("/{charterId}/versions/{version:int}", immutable).RequireAdmin()
            .WithName("replaceCharterVersion")
            .WithSummary("Replace a published version: always refused, a published version never changes (publish a new one)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        charters.MapDelete("/{charterId}/versions/{version:int}", immutable).RequireAdmin()
            .WithName("deleteCharterVersion")
            .WithSummary("Delete a published version: always refused, a published version never changes")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        charters.MapGet("/{charterId}/members", async (string charterId, IGrainFactory grains) =>
            {
                if (!Ids.IsSlug(charterId))
                {
                    return Problem.NotFound("charter", charterId).ToProblem();
                }

                var grain = grains.GetCharter(charterId);
                var members = await grain.GetMembersAsync();
                return members.Count == 0 && await grain.GetLatestVersionNumberAsync() == 0
                    ? Problem.NotFound("charter", charterId).ToProblem()
                    : Results.Ok(members);
            })
            .WithName("listCharterMembers")
            .WithSummary("List a charter's members and the tier each holds")
            .Produces<IReadOnlyList<CharterMember>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // What-if assessment of evidence values against a published version (no state changes, so no Idempotency-Key).
        charters.MapPost("/{charterId}/assess", async (string charterId, HttpRequest request, IGrainFactory grains) =>
            {
                if (!Ids.IsSlug(charterId))
                {
                    return Problem.NotFound("charter", charterId).ToProblem();
                }

                var assessed = await grains.GetCharter(charterId).AssessAsync((await RequestBody.TextAsync(request))!);
                return assessed.ToResult();
            })
            .Accepts<JsonElement>("application/json")
            .CreatesNothing()
            .WithName("assessAgainstCharter")
            .WithSummary("What-if: the tier some evidence values would reach in a published charter version (stores nothing)")
            .Produces<WhatIfAssessment>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGet("/alignment", async (string? charters, IGrainFactory grains) =>
            {
                var ids = (charters ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Distinct(StringComparer.Ordinal).ToList();
                return (await grains.GetCharterAnalysis().AlignAsync(ids)).ToResult();
            })
            .WithTags("Charters")
            .WithName("alignCharters")
            .WithSummary("Align charters side by side: the evidence kinds they share, their thresholds and conflicts")
            .Produces<AlignmentReport>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return v1;
    }
}
