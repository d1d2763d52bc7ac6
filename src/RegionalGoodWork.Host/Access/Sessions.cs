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

    /// <summary>The OpenID Connect scheme, registered when <c>Auth:Oidc:Authority</c> and <c>ClientId</c> are configured.</summary>
    public const string OidcScheme = "Oidc";

    public static AuthenticationBuilder AddPlatformSessions(this AuthenticationBuilder authentication, IConfiguration configuration)
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
            })
            .AddPlatformOidc(configuration);
    }

    private const string SessionClaim = "rgw:session";

    /// <summary>A person's session as a principal: the caller as claims, with the person's name and the session's id.</summary>
    public static ClaimsPrincipal Principal(PersonSession session)
    {
        var principal = CallerClaims.Principal(session.Caller, SessionScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaims([new Claim(ClaimTypes.Name, session.Name), new Claim(SessionClaim, session.SessionId)]);
        return principal;
    }

    /// <summary>Starts a person's session (the session cookie).</summary>
    public static Task SignInAsync(HttpContext http, PersonSession session)
    {
        var principal = Principal(session);
        // The cookie's own expiry runs on the web server's clock (ExpireTimeSpan); the session's end on the platform's is
        // its link grain's to enforce (checked on every request).
        return http.SignInAsync(SessionScheme, principal, new AuthenticationProperties { IsPersistent = true });
    }

    /// <summary>The session a principal was signed in with; null for a key.</summary>
    public static string? SessionOf(ClaimsPrincipal user) => IsSession(user) ? user.FindFirst(SessionClaim)?.Value : null;

    /// <summary>Whether the request was authenticated by a session cookie (not a key).</summary>
    public static bool IsSession(ClaimsPrincipal user) => user.Identity is { IsAuthenticated: true, AuthenticationType: SessionScheme };

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        if (context.Principal?.FindFirst(SessionClaim)?.Value is not { } session || !await grains.GetSession(session).IsActiveAsync())
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
