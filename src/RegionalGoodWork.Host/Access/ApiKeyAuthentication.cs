using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Host.Api;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// The API-key scheme (ASP.NET Core authentication): a key in <c>X-Api-Key</c> is the configured admin key
/// (<c>Auth:AdminApiKey</c>, compared in constant time) or an issued key (<c>rgw_&lt;id&gt;_&lt;secret&gt;</c>), verified by
/// its key grain — one activation in the cluster, so a revoked key fails at once on every silo. No key: anonymous (public
/// routes stay public). A wrong, revoked or expired key: 401. A key whose role the route does not allow: 403. Both are
/// problem+json. An outage while verifying propagates, and answers 503 like any other.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AdminKey admin,
    IGrainFactory grains) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header].ToString();
        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var caller = admin.Matches(presented)
            ? new Caller(AdminKey.Id, Roles.Admin, AccessScope.None)
            : ApiKeyToken.TryParse(presented, out var id, out var secret) ? await grains.GetApiKey(id).VerifyAsync(secret) : null;
        return caller is null
            ? AuthenticateResult.Fail("Unknown API key")
            : AuthenticateResult.Success(new AuthenticationTicket(CallerClaims.Principal(caller, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var problem = Request.Headers[Header].Count == 0
            ? new Problem(ProblemKind.Unauthorized, "API key required", $"Send a key in the {Header} header.")
            : new Problem(ProblemKind.Unauthorized, "Unknown API key", "The key presented is not known, or it was revoked or has expired.");
        return problem.ToProblem().ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var caller = CallerClaims.From(Context.User);
        return new Problem(ProblemKind.Forbidden, "Outside this key's scope",
                $"A key with role {caller?.Role ?? "none"} may not {Request.Method} {Request.Path}.")
            .ToProblem().ExecuteAsync(Context);
    }
}

/// <summary>The caller as claims, and back: the one translation between <see cref="Caller"/> and a principal.</summary>
internal static class CallerClaims
{
    private const string KeyId = "rgw:key";
    private const string Region = "rgw:region";
    private const string Charter = "rgw:charter";
    private const string Employer = "rgw:employer";
    private const string Partner = "rgw:partner";

    public static ClaimsPrincipal Principal(Caller caller, string scheme)
    {
        var claims = new List<Claim> { new(KeyId, caller.KeyId), new(ClaimTypes.Role, caller.Role) };
        AddIf(Region, caller.Scope.RegionCode);
        claims.AddRange((caller.Scope.CharterIds ?? []).Select(c => new Claim(Charter, c)));
        AddIf(Employer, caller.Scope.EmployerId);
        AddIf(Partner, caller.Scope.PartnerId);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, KeyId, ClaimTypes.Role));

        void AddIf(string type, string? value)
        {
            if (value is not null)
            {
                claims.Add(new Claim(type, value));
            }
        }
    }

    /// <summary>The authenticated caller, or null for an anonymous one.</summary>
    public static Caller? From(ClaimsPrincipal user)
    {
        if (user.FindFirst(KeyId)?.Value is not { } keyId || user.FindFirst(ClaimTypes.Role)?.Value is not { } role)
        {
            return null;
        }

        var charters = user.FindAll(Charter).Select(c => c.Value).ToList();
        return new Caller(keyId, role, new AccessScope(
            user.FindFirst(Region)?.Value, role == Roles.CharterOfficer ? charters : null, user.FindFirst(Employer)?.Value, user.FindFirst(Partner)?.Value));
    }
}
