using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using RegionalGoodWork.Access.Contracts;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// Signing people in through a council's own identity provider (Entra ID, GOV.UK One Login, any OpenID Connect
/// provider), configured under <c>Auth:Oidc</c>: <c>Authority</c> and <c>ClientId</c> switch it on, <c>ClientSecret</c>
/// when the provider wants one, <c>RequireHttpsMetadata</c> (true) off only for a provider on loopback. The code flow with
/// PKCE; the provider's signed ID token is checked (issuer, audience, signature, nonce, lifetime), then the person is
/// matched to an invitation by the e-mail address the provider vouches for (<c>email_verified</c> must not be false): the
/// newest invitation naming the address that is accepted or still open (<see cref="IPersonByEmailGrain"/>). A match starts
/// a platform session exactly as a sign-in link does, with the invitation's role and scope; no match starts nothing and
/// says why. <c>GET /sign-in/oidc</c> starts it.
/// </summary>
internal static class OidcSignIn
{
    public const string CallbackPath = "/sign-in/oidc/callback";

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["Auth:Oidc:Authority"]) && !string.IsNullOrWhiteSpace(configuration["Auth:Oidc:ClientId"]);

    public static AuthenticationBuilder AddPlatformOidc(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        if (!IsConfigured(configuration))
        {
            return authentication;
        }

        return authentication.AddOpenIdConnect(Sessions.OidcScheme, "Your organisation's sign-in", o =>
        {
            o.Authority = configuration["Auth:Oidc:Authority"];
            o.ClientId = configuration["Auth:Oidc:ClientId"];
            o.ClientSecret = configuration["Auth:Oidc:ClientSecret"];
            o.RequireHttpsMetadata = configuration.GetValue("Auth:Oidc:RequireHttpsMetadata", true);
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.SignInScheme = Sessions.SessionScheme;
            o.Scope.Clear();
            foreach (var scope in new[] { "openid", "email", "profile" })
            {
                o.Scope.Add(scope);
            }

            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.Events.OnTokenValidated = MatchInvitationAsync;
            o.Events.OnRemoteFailure = RefuseAsync;
        });
    }

    /// <summary>Replaces the provider's identity with the platform's: the person its invitation made, or fails.</summary>
    private static async Task MatchInvitationAsync(TokenValidatedContext context)
    {
        var identity = context.Principal;
        var email = identity?.FindFirst("email")?.Value;
        if (email is null || identity!.FindFirst("email_verified")?.Value is "false" or "False")
        {
            context.Fail("The provider did not vouch for an e-mail address.");
            return;
        }

        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        if (await grains.GetPersonByEmail(email).SignInAsync() is not { } session)
        {
            context.Fail($"No open invitation names {email}.");
            return;
        }

        context.Principal = Sessions.Principal(session);
        context.Properties!.IsPersistent = true;
    }

    private static async Task RefuseAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        await Portal.SignInPages.RefusedAsync(context.HttpContext, context.Failure?.Message ?? "The sign-in did not complete.");
    }
}
