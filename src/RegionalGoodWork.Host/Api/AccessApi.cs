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

        access.MapPost("/keys", async (JsonElement body, ClaimsPrincipal user, IGrainFactory grains) =>
            {
                if (RequestBody.NotAnObject(body, "{name, role, scope, expiresAt?}") is { } notAnObject)
                {
                    return notAnObject;
                }

                if (ReadIssue(body, CallerClaims.From(user)!) is not { } command)
                {
                    return ApiResults.Invalid("expiresAt", "An ISO 8601 date and time with an offset, e.g. 2027-03-31T23:59:59Z.");
                }

                return (await grains.GetApiKeyDirectory().IssueAsync(command)).ToResult(k => Results.Created(
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

        access.MapDelete("/keys/{id}", async (string id, ClaimsPrincipal user, IGrainFactory grains) =>
                !ApiKeyTokenId(id)
                    ? Problem.NotFound("API key", id).ToProblem()
                    : (await grains.GetApiKey(id).RevokeAsync(CallerClaims.From(user)!.KeyId)).ToResult(_ => Results.NoContent()))
            .RequireAdmin()
            .WithName("revokeApiKey")
            .WithSummary("Revoke an API key (admin): it answers 401 from then on, on every silo")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        access.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(CallerClaims.From(user)))
            .RequireAuthorization()
            .WithName("getMe")
            .WithSummary("Who am I: the calling key's id, role and scope")
            .Produces<Caller>();

        return v1;
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

        var scope = body.TryGetProperty("scope", out var s) && s.ValueKind == JsonValueKind.Object
            ? new AccessScope(RequestBody.Text(s, "regionCode"), RequestBody.TextList(s, "charterIds"), RequestBody.Text(s, "employerId"), RequestBody.Text(s, "partnerId"))
            : AccessScope.None;
        return new IssueApiKey(RequestBody.Text(body, "name") ?? "", RequestBody.Text(body, "role") ?? "", scope, expires, issuer.KeyId);
    }
}
