using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.FeatureManagement;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Host.Api.Idempotency;
using RegionalGoodWork.Portal;

namespace RegionalGoodWork.Host.Portal;

/// <summary>
/// The pages a person signs in and out on (issue 9, item 4). Opening a link shows who it is for and a button: the link is
/// used only when the person presses it (a form POST with an antiforgery token), so a mail scanner fetching the link does
/// not spend it. Using it starts the session and lands on the person's start page (<see cref="StartPageAsync"/>); a used,
/// expired or unknown link says so and starts nothing. Plain server-rendered HTML, readable without JavaScript.
/// </summary>
internal static class SignInPages
{
    public static IEndpointRouteBuilder MapSignInPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription();

        pages.MapGet("/sign-in/{token}", async (string token, HttpContext http, IAntiforgery antiforgery, IGrainFactory grains) =>
        {
            if (await PeekAsync(token, grains) is not { Usable: true } link)
            {
                return Unusable();
            }

            var form = antiforgery.GetAndStoreTokens(http);
            return Html(StatusCodes.Status200OK, "Sign in", $"""
                <h1 class="govuk-heading-l">Sign in to RegionalGoodWork</h1>
                <p class="govuk-body">This link signs in <strong>{E(link.Name)}</strong> as {E(RoleName(link.Role))}{E(ScopeText(link.Scope))}.
                It can be used once, until {E(link.ExpiresAt.ToString("d MMMM yyyy 'at' HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture))}.</p>
                <form method="post" action="/sign-in">
                  <input type="hidden" name="{E(form.FormFieldName)}" value="{E(form.RequestToken!)}">
                  <input type="hidden" name="token" value="{E(token)}">
                  <button type="submit" class="govuk-button" data-module="govuk-button">Sign in</button>
                </form>
                """);
        });

        // The token travels in the form's body, not its address: request logs and proxies record addresses.
        pages.MapPost("/sign-in", async (HttpContext http, IAntiforgery antiforgery, IGrainFactory grains, IFeatureManager features) =>
        {
            var token = http.Request.HasFormContentType ? (await http.Request.ReadFormAsync())["token"].ToString() : null;
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Html(StatusCodes.Status400BadRequest, "Try again", """
                    <h1 class="govuk-heading-l">Please try again</h1>
                    <p class="govuk-body">The sign-in form had expired or did not come from this page. Open your sign-in link again.</p>
                    """);
            }

            if (!SignInLinkToken.TryParse(token, out var id, out var secret) || await grains.GetSignInLink(id).RedeemAsync(secret) is not { } session)
            {
                return Unusable();
            }

            await Sessions.SignInAsync(http, session);
            http.User = Sessions.Principal(session); // the flag deciding the start page is read for the person just signed in
            http.Response.Headers.Location = await StartPageAsync(session.Caller, features);
            return Results.StatusCode(StatusCodes.Status303SeeOther); // see other: the start page, fetched with GET
        }).AnswersASecretOnce(); // its answer carries the session: never kept for a replay

        // Through the council's own identity provider, where one is configured (Access/OidcSignIn.cs).
        pages.MapGet("/sign-in/oidc", (HttpContext http, IConfiguration configuration) =>
            OidcSignIn.IsConfigured(configuration)
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = "/start" }, [Sessions.OidcScheme])
                : Html(StatusCodes.Status404NotFound, "Not available", """<h1 class="govuk-heading-l">Organisation sign-in is not set up</h1><p class="govuk-body">Sign in with the link you were sent.</p>"""));

        pages.MapPost("/sign-out", async (HttpContext http, ClaimsPrincipal user, IAntiforgery antiforgery, IGrainFactory grains) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Html(StatusCodes.Status400BadRequest, "Try again", """<h1 class="govuk-heading-l">Please try again</h1><p class="govuk-body">Go back to your account page and press Sign out again.</p>""");
            }

            if (Sessions.SessionOf(user) is { } session)
            {
                await grains.GetSession(session).SignOutAsync();
            }

            await http.SignOutAsync(Sessions.SessionScheme);
            return Html(StatusCodes.Status200OK, "Signed out", """<h1 class="govuk-heading-l">You are signed out</h1><p class="govuk-body">To sign in again, use a new sign-in link.</p>""");
        }).CreatesNothing();

        // Where the provider's sign-in returns to: the signed-in person's start page (anyone else: the account page, which says so).
        pages.MapGet("/start", async (ClaimsPrincipal user, IFeatureManager features) =>
            Results.Redirect(CallerClaims.From(user) is { } caller ? await StartPageAsync(caller, features) : "/account"));

        pages.MapGet("/account", (HttpContext http, ClaimsPrincipal user, IAntiforgery antiforgery) =>
        {
            if (!Sessions.IsSession(user) || CallerClaims.From(user) is not { } caller)
            {
                return Html(StatusCodes.Status401Unauthorized, "Not signed in", """<h1 class="govuk-heading-l">You are not signed in</h1><p class="govuk-body">Sign in with the link you were sent.</p>""");
            }

            var form = antiforgery.GetAndStoreTokens(http);
            return Html(StatusCodes.Status200OK, "Your account", $"""
                <h1 class="govuk-heading-l">{E(user.FindFirstValue(ClaimTypes.Name) ?? "Your account")}</h1>
                <p class="govuk-body">You are signed in as {E(RoleName(caller.Role))}{E(ScopeText(caller.Scope))}.</p>
                <form method="post" action="/sign-out">
                  <input type="hidden" name="{E(form.FormFieldName)}" value="{E(form.RequestToken!)}" data-csrf>
                  <button type="submit" class="govuk-button" data-module="govuk-button">Sign out</button>
                </form>
                """);
        });

        return app;
    }

    /// <summary>
    /// Where a person lands after signing in: an employer on its own page (<c>/employers/{id}</c>), a charter officer on
    /// its first charter's members page (<c>/charters/{id}/members</c>) while the portal's employer pages are switched on
    /// for them (<see cref="PortalModule.EmployerPagesFlag"/>); everyone else, and everyone while the flag is off, on the
    /// account page.
    /// </summary>
    public static async Task<string> StartPageAsync(Caller caller, IFeatureManager features)
    {
        var own = caller switch
        {
            { Role: Roles.Employer, Scope.EmployerId: { } employer } => $"/employers/{Uri.EscapeDataString(employer)}",
            { Role: Roles.CharterOfficer, Scope.CharterIds: [var first, ..] } => $"/charters/{Uri.EscapeDataString(first)}/members",
            _ => null,
        };
        return own is not null && await features.IsEnabledAsync(PortalModule.EmployerPagesFlag) ? own : "/account";
    }

    /// <summary>The page a refused sign-in (no invitation, an unverified address, a provider error) shows; it starts nothing.</summary>
    public static Task RefusedAsync(HttpContext http, string why) =>
        Html(StatusCodes.Status403Forbidden, "Sign-in refused", $"""
            <h1 class="govuk-heading-l">You could not be signed in</h1>
            <p class="govuk-body">{E(why)}</p>
            <p class="govuk-body">Ask whoever invited you to send an invitation to the e-mail address your organisation signs you in with.</p>
            """).ExecuteAsync(http);

    private static async Task<SignInLinkView?> PeekAsync(string token, IGrainFactory grains) =>
        SignInLinkToken.TryParse(token, out var id, out var secret) ? await grains.GetSignInLink(id).PeekAsync(secret) : null;

    private static IResult Unusable() => Html(StatusCodes.Status410Gone, "Link cannot be used", """
        <h1 class="govuk-heading-l">This sign-in link cannot be used</h1>
        <p class="govuk-body">It has been used already, it has expired, or it is not a link this platform made. Ask whoever invited you for a new one.</p>
        """);

    private static string RoleName(string role) => role switch
    {
        Roles.Admin => "a platform administrator",
        Roles.RegionOperator => "a region operator",
        Roles.CharterOfficer => "a charter officer",
        Roles.Employer => "an employer",
        _ => role,
    };

    private static string ScopeText(AccessScope scope) =>
        (scope.RegionCode ?? scope.EmployerId ?? (scope.CharterIds is { } c ? string.Join(", ", c) : null)) is { } what ? $" for {what}" : "";

    private static string E(string text) => HtmlEncoder.Default.Encode(text);

    /// <summary>A page in the portal's layout (src/RegionalGoodWork.Portal): header, skip link, footer, GOV.UK Frontend styles.</summary>
    private static IResult Html(int status, string title, string main) => PortalResults.Html(status, title, main, section: "account");
}
