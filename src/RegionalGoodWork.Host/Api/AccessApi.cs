using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Host.Api.Idempotency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>API keys and the caller itself (api.md, Access).</summary>
internal static class AccessApi
{
    public static RouteGroupBuilder MapAccessApi(this RouteGroupBuilder v1)
    {
        var access = v1.MapGroup("").WithTags("Access");

        access.MapPost("/keys", async (JsonElement body, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
            {
                if (RequestBody.NotAnObject(body, "{name, role, scope, expiresAt?}") is { } notAnObject)
                {
                    return notAnObject;
                }

                if (ReadIssue(body, CallerClaims.From(user)!) is not { } command)
                {
                    return ApiResults.Invalid("expiresAt", "An ISO 8601 date and time with an offset, e.g. 2027-03-31T23:59:59Z.");
                }

                var issued = await grains.GetApiKeyDirectory().IssueAsync(command);
                http.Audit().Summary = issued.Value is { View: var v }
                    ? $"issued '{v.Name}': role {v.Role}, scope {JsonSerializer.Serialize(v.Scope, AuditScopeJson)}, expires {v.ExpiresAt?.ToString("O", CultureInfo.InvariantCulture) ?? "never"}"
                    : null;
                return issued.ToResult(k => Results.Created(
                    $"/api/v1/keys/{k.View.Id}",
                    new { id = k.View.Id, key = k.Key, name = k.View.Name, role = k.View.Role, scope = k.View.Scope, createdAt = k.View.CreatedAt, expiresAt = k.View.ExpiresAt }));
            })
            .RequireAdmin()
            .AnswersASecretOnce()
            .WithName("issueApiKey")
            .WithSummary("Issue an API key with a role and a scope (admin); the key is shown only in this answer")
            .Produces(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        access.MapGet("/keys", async (IGrainFactory grains) => Results.Ok(await grains.GetApiKeyDirectory().ListAsync()))
            .RequireAdmin()
            .WithName("listApiKeys")
            .WithSummary("List the issued API keys (admin); never a secret")
            .Produces<IReadOnlyList<ApiKeyView>>();

        access.MapDelete("/keys/{id}", async (string id, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
            {
                if (!ApiKeyTokenId(id))
                {
                    return Problem.NotFound("API key", id).ToProblem();
                }

                var revoked = await grains.GetApiKey(id).RevokeAsync(CallerClaims.From(user)!.KeyId);
                http.Audit().Summary = revoked.Value is { } key ? $"revoked '{key.Name}' (role {key.Role})" : null;
                return revoked.ToResult(_ => Results.NoContent());
            })
            .RequireAdmin()
            .WithName("revokeApiKey")
            .WithSummary("Revoke an API key (admin): it answers 401 from then on, on every silo")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        // A resource's audit trail, newest first, a page at a time: ?limit (1–1000, default 100) and ?before (the sequence
        // the previous page's Link: rel="next" names).
        access.MapGet("/audit", async (string? resource, int? limit, long? before, HttpResponse response, IGrainFactory grains) =>
            {
                var name = resource is null ? null : AuditRecorder.ResourceOf(resource);
                if (!AuditResources.IsValid(name))
                {
                    return ApiResults.Invalid("resource", "Required: the resource whose trail to read, as /api/v1/{collection}/{id} (e.g. /api/v1/employers/acme-ltd).");
                }

                if (limit is < 1 or > AuditResources.MaxPage || before is < 1)
                {
                    return ApiResults.Invalid(limit is < 1 or > AuditResources.MaxPage ? "limit" : "before",
                        $"limit: 1 to {AuditResources.MaxPage}; before: a sequence number from a previous page (1 or more).");
                }

                var page = await grains.GetAuditTrail(name!).ReadAsync(limit ?? 100, before);
                if (page.Next is { } next)
                {
                    response.Headers.Link = $"</api/v1/audit?resource={Uri.EscapeDataString(name!)}&limit={limit ?? 100}&before={next}>; rel=\"next\"";
                }

                return Results.Ok(page.Entries);
            })
            .RequireAuthorization(AccessPolicies.AuditReader)
            .WithName("getAuditTrail")
            .WithSummary("Read a resource's audit trail: who changed or looked at it, newest first, a page at a time")
            .Produces<IReadOnlyList<AuditEntry>>()
            .ProducesValidationProblem();

        // A one-time sign-in link for a person, made by someone entitled to invite them (InviteRule); the link is shown once.
        access.MapPost("/sign-in-links", async (JsonElement body, ClaimsPrincipal user, HttpContext http, PlatformClock clock, IGrainFactory grains) =>
            {
                if (RequestBody.NotAnObject(body, "{name, role, scope, expiresInMinutes?, email?}") is { } notAnObject)
                {
                    return notAnObject;
                }

                var minutes = RequestBody.Number(body, "expiresInMinutes");
                if (body.TryGetProperty("expiresInMinutes", out _) && (minutes is not (>= 1 and <= 10080) || minutes % 1 != 0))
                {
                    return ApiResults.Invalid("expiresInMinutes", "A whole number of minutes from 1 to 10080 (7 days); 1440 (a day) when left out.");
                }

                var caller = CallerClaims.From(user)!;
                var (role, scope) = (RequestBody.Text(body, "role") ?? "", ReadScope(body));
                if (await InviteRule.CheckAsync(caller, role, scope, grains) is { } notYours)
                {
                    return notYours.ToProblem();
                }

                var expires = clock.GetUtcNow() + (minutes is { } m ? TimeSpan.FromMinutes((double)m) : SignInLinks.DefaultExpiry);
                var issued = await grains.GetSignInLinks().IssueAsync(
                    new IssueSignInLink(RequestBody.Text(body, "name") ?? "", role, scope, expires, caller.KeyId, RequestBody.Text(body, "email")));
                http.Audit().Summary = issued.Value is { } link
                    ? $"invited '{RequestBody.Text(body, "name")}' as {role}, scope {JsonSerializer.Serialize(scope, AuditScopeJson)}, link expires {link.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)}"
                    : null;
                return issued.ToResult(l => Results.Created($"/api/v1/sign-in-links/{l.Id}",
                    new { url = $"{http.Request.Scheme}://{http.Request.Host}/sign-in/{l.Token}", expiresAt = l.ExpiresAt }));
            })
            .RequireAuthorization()
            .AnswersASecretOnce()
            .WithName("issueSignInLink")
            .WithSummary("Invite a person: a one-time sign-in link for a role and scope, shown only in this answer")
            .Produces(StatusCodes.Status201Created)
            .ProducesValidationProblem();

        // An invitation, seen and taken back by whoever may invite that person (InviteRule), never its secret.
        access.MapGet("/sign-in-links/{id}", async (string id, ClaimsPrincipal user, IGrainFactory grains) =>
                await ManagedInvitationAsync(id, CallerClaims.From(user)!, grains) is { } refused
                    ? refused.ToProblem()
                    : Results.Ok(await grains.GetSignInLink(id).GetAsync()))
            .RequireAuthorization()
            .WithName("getSignInLink")
            .WithSummary("See an invitation: whom it is for, whether it was accepted or revoked")
            .Produces<SignInLinkView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        access.MapDelete("/sign-in-links/{id}", async (string id, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
            {
                var caller = CallerClaims.From(user)!;
                if (await ManagedInvitationAsync(id, caller, grains) is { } refused)
                {
                    return refused.ToProblem();
                }

                var revoked = await grains.GetSignInLink(id).RevokeAsync(caller.KeyId);
                http.Audit().Summary = $"revoked the invitation of '{revoked!.Name}' ({revoked.Role}); its sessions ended";
                return Results.NoContent();
            })
            .RequireAuthorization()
            .WithName("revokeSignInLink")
            .WithSummary("Take an invitation back: its link and e-mail sign-in start nothing more, and its sessions end")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        access.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(CallerClaims.From(user)))
            .RequireAuthorization()
            .WithName("getMe")
            .WithSummary("Who am I: the calling key's id, role and scope")
            .Produces<Caller>();

        return v1;
    }

    private static readonly JsonSerializerOptions AuditScopeJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Null when the invitation exists and the caller may manage it (as it may invite that person); else the problem.</summary>
    private static async Task<Problem?> ManagedInvitationAsync(string id, Caller caller, IGrainFactory grains)
    {
        if (id.Length != SignInLinkToken.IdLength || !id.All(char.IsAsciiHexDigitLower) || await grains.GetSignInLink(id).GetAsync() is not { } link)
        {
            return Problem.NotFound("invitation", id);
        }

        return await InviteRule.CheckAsync(caller, link.Role, link.Scope, grains);
    }

    private static bool ApiKeyTokenId(string id) => id.Length == ApiKeyToken.IdLength && id.All(char.IsAsciiHexDigitLower);

    /// <summary>The request as a command; null when <c>expiresAt</c> is given but not a date and time with an offset.</summary>
    private static IssueApiKey? ReadIssue(JsonElement body, Caller issuer)
    {
        DateTimeOffset? expires = null;
        if (RequestBody.Text(body, "expiresAt") is { } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return null;
            }

            expires = parsed;
        }

        return new IssueApiKey(RequestBody.Text(body, "name") ?? "", RequestBody.Text(body, "role") ?? "", ReadScope(body), expires, issuer.KeyId);
    }

    /// <summary>A body's <c>scope</c> object (<c>{regionCode?, charterIds?, employerId?, partnerId?}</c>); none when absent.</summary>
    private static AccessScope ReadScope(JsonElement body) =>
        body.TryGetProperty("scope", out var s) && s.ValueKind == JsonValueKind.Object
            ? new AccessScope(RequestBody.Text(s, "regionCode"), RequestBody.TextList(s, "charterIds"), RequestBody.Text(s, "employerId"), RequestBody.Text(s, "partnerId"))
            : AccessScope.None;
}
