using System.Security.Claims;
using System.Xml.Linq;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using RegionalGoodWork.Access.Contracts;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// People's browser sessions (issue 9, item 4): a cookie scheme beside the API-key scheme, behind one default "platform"
/// scheme that picks the key when an <c>X-Api-Key</c> header is sent and the session cookie otherwise. The cookie is
/// secure, http-only and same-site (lax), protected with the platform's data-protection key ring, which lives in the
/// platform's database (<see cref="GrainXmlRepository"/>) so every silo reads every session. A session is checked against
/// its sign-in link grain on every request, so signing out holds at once on every silo. 401 and 403 answer as the
/// API-key scheme does (problem+json).
/// </summary>
internal static class Sessions
{
    public const string PlatformScheme = "Platform";

    public const string SessionScheme = "Session";

    public const string CookieName = "rgw_session";

    public const string AntiforgeryCookieName = "rgw_antiforgery";

    /// <summary>The header a session's API write carries its antiforgery token in.</summary>
    public const string AntiforgeryHeader = "X-CSRF-Token";

    public static AuthenticationBuilder AddPlatformSessions(this AuthenticationBuilder authentication)
    {
        var services = authentication.Services;
        services.AddDataProtection().SetApplicationName("regionalgoodwork");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((o, sp) => o.XmlRepository = new GrainXmlRepository(sp.GetRequiredService<IGrainFactory>()));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = AntiforgeryCookieName;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // the framework refuses "Always" on plain http (loopback)
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = AntiforgeryHeader;
        });

        return authentication
            .AddPolicyScheme(PlatformScheme, "API key or session", o =>
            {
                o.ForwardDefaultSelector = http =>
                    http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header) || !http.Request.Cookies.ContainsKey(CookieName)
                        ? ApiKeyAuthenticationHandler.SchemeName
                        : SessionScheme;
                o.ForwardChallenge = ApiKeyAuthenticationHandler.SchemeName;
                o.ForwardForbid = ApiKeyAuthenticationHandler.SchemeName;
            })
            .AddCookie(SessionScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = SignInLinks.SessionLifetime;
                o.SlidingExpiration = false;
                o.Events.OnValidatePrincipal = ValidateAsync;
            });
    }

    /// <summary>Starts a person's session: the caller as claims, with the person's name.</summary>
    public static Task SignInAsync(HttpContext http, PersonSession session)
    {
        var principal = CallerClaims.Principal(session.Caller, SessionScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(ClaimTypes.Name, session.Name));
        // The cookie's own expiry runs on the web server's clock (ExpireTimeSpan); the session's end on the platform's is
        // its link grain's to enforce (checked on every request).
        return http.SignInAsync(SessionScheme, principal, new AuthenticationProperties { IsPersistent = true });
    }

    /// <summary>The sign-in link a person's session came from; null for a key.</summary>
    public static string? LinkOf(Caller caller) =>
        caller.KeyId.StartsWith(SignInLinkToken.PersonId(""), StringComparison.Ordinal) ? caller.KeyId[SignInLinkToken.PersonId("").Length..] : null;

    /// <summary>Whether the request was authenticated by a session cookie (not a key).</summary>
    public static bool IsSession(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, AuthenticationType: SessionScheme };

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        if (context.Principal is not { } principal || CallerClaims.From(principal) is not { } caller || LinkOf(caller) is not { } link
            || !await grains.GetSignInLink(link).IsSessionActiveAsync())
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SessionScheme);
        }
    }
}

/// <summary>The data-protection key ring kept in <see cref="IDataProtectionKeysGrain"/> (the framework's interface is synchronous).</summary>
internal sealed class GrainXmlRepository(IGrainFactory grains) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        grains.GetDataProtectionKeys().GetAllAsync().GetAwaiter().GetResult().Select(x => XElement.Parse(x)).ToList();

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        grains.GetDataProtectionKeys().StoreAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
    }
}
