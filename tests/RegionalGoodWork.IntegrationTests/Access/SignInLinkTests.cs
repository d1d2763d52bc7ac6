using System.Net;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// People sign in with a one-time link: opening it shows whom it is for, pressing its button starts a session (a secure,
/// http-only, same-site cookie) and lands on the start page; the link never works twice; the session acts as the role the
/// link named, writes only with the page's antiforgery token, and ends at once when the person signs out. Links are made
/// only by someone entitled to invite that person.
/// </summary>
[Collection(Collections.Platform)]
public sealed class SignInLinkTests(PlatformFixture fixture)
{
    private PlatformApp App => fixture.App;

    [Fact]
    public async Task ALink_StartsASessionOnce_LandingOnTheStartPage_AsTheRoleItNames()
    {
        var employer = NewId("signed-in");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile);
        var url = await LinkAsync(PlatformApp.AdminKey, "Ada Lovelace", "employer", $$"""{"employerId":"{{employer}}"}""");
        Assert.StartsWith(App.Anonymous.BaseAddress!.ToString().TrimEnd('/') + "/sign-in/", url, StringComparison.Ordinal);
        using var browser = new Browser(App);

        var (opened, page, _) = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, opened);
        Assert.Contains("Ada Lovelace", page, StringComparison.Ordinal);
        Assert.DoesNotContain("rgw_session", browser.Cookies.Keys); // opening is not signing in

        var (used, _, response) = await browser.SubmitAsync(page);
        Assert.Equal(HttpStatusCode.SeeOther, used);
        Assert.Equal($"/employers/{employer}", response.Headers.Location?.ToString()); // an employer starts on its own page
        var cookie = Assert.Single(browser.SetCookies, c => c.StartsWith("rgw_session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("secure", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("samesite=lax", cookie, StringComparison.Ordinal);

        var (landed, account, _) = await browser.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, landed);
        Assert.Contains("Ada Lovelace", account, StringComparison.Ordinal);
        var me = await browser.MeAsync();
        Assert.Equal(("employer", employer), (me.GetProperty("role").GetString(), me.GetProperty("scope").GetProperty("employerId").GetString()));
        Assert.StartsWith("person-", me.GetProperty("keyId").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.ApiAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/evidence")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.ApiAsync(HttpMethod.Get, $"/api/v1/employers/{NewId("other")}/evidence")).Status);

        // A second use, even with the form it had, starts nothing.
        using var second = new Browser(App);
        Assert.Equal(HttpStatusCode.Gone, (await second.GetAsync(url)).Status);
        foreach (var (name, value) in browser.Cookies.Where(c => c.Key != "rgw_session"))
        {
            second.Cookies[name] = value;
        }

        var (again, _, _) = await second.SubmitAsync(page);
        Assert.Equal(HttpStatusCode.Gone, again);
        Assert.DoesNotContain("rgw_session", second.Cookies.Keys);
    }

    [Fact]
    public async Task ASessionsWrite_NeedsThePagesAntiforgeryToken_AndIsAuditedAsThePerson()
    {
        var employer = NewId("session-write");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile);
        using var browser = await SignedInAsync("employer", $$"""{"employerId":"{{employer}}"}""");
        var evidence = """{"items":[{"kind":"voice.employee-forum","value":true}]}""";

        var (refused, problem, _) = await browser.ApiAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", evidence);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("X-CSRF-Token", problem, StringComparison.Ordinal);
        Assert.Empty(await App.HistoryAsync(employer));

        var (_, account, _) = await browser.GetAsync("/account");
        var (stored, _, _) = await browser.ApiAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", evidence, Browser.FormToken(account));
        Assert.Equal(HttpStatusCode.OK, stored);
        var item = Assert.Single(await App.HistoryAsync(employer));
        Assert.Equal("self-declared", item.GetProperty("source").GetString());

        using var trail = await App.SendAsync(HttpMethod.Get, $"/api/v1/audit?resource=/api/v1/employers/{employer}", PlatformApp.AdminKey);
        var write = JsonDocument.Parse(await trail.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .First(e => e.GetProperty("action").GetString() == $"POST /api/v1/employers/{employer}/evidence");
        Assert.Equal((await browser.MeAsync()).GetProperty("keyId").GetString(), write.GetProperty("actor").GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task SigningOut_EndsTheSession_AtOnce()
    {
        using var browser = await SignedInAsync("admin", "{}");
        var session = browser.Cookies["rgw_session"];
        var (_, account, _) = await browser.GetAsync("/account");

        var (signedOut, _, _) = await browser.SubmitAsync(account);

        Assert.Equal(HttpStatusCode.OK, signedOut);
        browser.Cookies["rgw_session"] = session; // the old cookie, kept by someone: refused all the same
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.ApiAsync(HttpMethod.Get, "/api/v1/me")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/account")).Status);
    }

    [Fact]
    public async Task RevokingAnInvitation_EndsItsSessions_AndOnlyThoseEntitledMayRevokeIt()
    {
        var employer = NewId("revoked");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile);
        var colleague = await App.IssueKeyAsync("employer", $$"""{"employerId":"{{employer}}"}""");
        var stranger = await App.IssueKeyAsync("employer", $$"""{"employerId":"{{NewId("stranger")}}"}""");
        var url = await LinkAsync(colleague, "Colleague", "employer", $$"""{"employerId":"{{employer}}"}""");
        var id = url[(url.LastIndexOf('/') + 1)..][..16];
        using var browser = new Browser(App);
        var (_, page, _) = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SubmitAsync(page)).Status);

        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, $"/api/v1/sign-in-links/{id}", stranger));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Delete, $"/api/v1/sign-in-links/{id}", stranger));
        Assert.Equal(HttpStatusCode.OK, (await browser.ApiAsync(HttpMethod.Get, "/api/v1/me")).Status); // the refused revocation changed nothing
        Assert.Equal(HttpStatusCode.NotFound, await App.StatusAsync(HttpMethod.Delete, "/api/v1/sign-in-links/0123456789abcdef", PlatformApp.AdminKey));

        Assert.Equal(HttpStatusCode.NoContent, await App.StatusAsync(HttpMethod.Delete, $"/api/v1/sign-in-links/{id}", colleague));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.ApiAsync(HttpMethod.Get, "/api/v1/me")).Status);
        using var view = await App.SendAsync(HttpMethod.Get, $"/api/v1/sign-in-links/{id}", colleague);
        var invitation = JsonDocument.Parse(await view.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.String, invitation.GetProperty("revokedAt").ValueKind);
        Assert.Equal(JsonValueKind.String, invitation.GetProperty("acceptedAt").ValueKind);
        Assert.False(invitation.GetProperty("usable").GetBoolean());
    }

    [Fact]
    public async Task OnlyThoseEntitled_MayInviteAPerson()
    {
        var member = NewId("invited-member");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{member}", Profile);
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{member}/memberships", """{"charterId":"gm-gec"}""");
        var operatorKey = await App.IssueKeyAsync("region-operator", """{"regionCode":"E47000001"}""");
        var officer = await App.IssueKeyAsync("charter-officer", """{"charterIds":["gm-gec"]}""");
        var employerKey = await App.IssueKeyAsync("employer", $$"""{"employerId":"{{member}}"}""");
        var partner = await App.IssueKeyAsync("partner", """{"partnerId":"living-wage-register"}""");

        Assert.Equal(HttpStatusCode.Created, await InviteAsync(operatorKey, "charter-officer", """{"charterIds":["gm-gec"]}"""));
        Assert.Equal(HttpStatusCode.Created, await InviteAsync(operatorKey, "employer", $$"""{"employerId":"{{member}}"}"""));
        Assert.Equal(HttpStatusCode.Created, await InviteAsync(officer, "employer", $$"""{"employerId":"{{member}}"}"""));
        Assert.Equal(HttpStatusCode.Created, await InviteAsync(employerKey, "employer", $$"""{"employerId":"{{member}}"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, await InviteAsync(operatorKey, "charter-officer", """{"charterIds":["lcr-fec"]}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await InviteAsync(operatorKey, "region-operator", """{"regionCode":"E47000004"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await InviteAsync(officer, "charter-officer", """{"charterIds":["gm-gec","lcr-fec"]}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await InviteAsync(officer, "admin", "{}"));
        Assert.Equal(HttpStatusCode.Forbidden, await InviteAsync(employerKey, "employer", $$"""{"employerId":"{{NewId("other")}}"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await InviteAsync(partner, "partner", """{"partnerId":"living-wage-register"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, await InviteAsync(null, "employer", $$"""{"employerId":"{{member}}"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, await InviteAsync(PlatformApp.AdminKey, "employer", $$"""{"employerId":"{{member}}"}""", ",\"expiresInMinutes\":0"));
        Assert.Equal(HttpStatusCode.BadRequest, await InviteAsync(PlatformApp.AdminKey, "employer", $$"""{"employerId":"{{member}}"}""", ",\"expiresInMinutes\":20000"));
        Assert.Equal(HttpStatusCode.BadRequest, await InviteAsync(PlatformApp.AdminKey, "superuser", "{}"));
    }

    [Fact]
    public async Task AMalformedOrUnknownLink_StartsNothing()
    {
        using var browser = new Browser(App);
        Assert.Equal(HttpStatusCode.Gone, (await browser.GetAsync("/sign-in/not-a-token")).Status);
        Assert.Equal(HttpStatusCode.Gone, (await browser.GetAsync($"/sign-in/0123456789abcdef.{new string('A', 43)}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/sign-in/oidc")).Status); // no provider configured here
    }

    private Task<Browser> SignedInAsync(string role, string scope) => App.SignedInAsync("Grace Hopper", role, scope);

    private Task<string> LinkAsync(string key, string name, string role, string scope) => App.SignInLinkAsync(key, name, role, scope);

    private async Task<HttpStatusCode> InviteAsync(string? key, string role, string scope, string extra = "") =>
        await App.StatusAsync(HttpMethod.Post, "/api/v1/sign-in-links", key, $$"""{"name":"Invitee","role":"{{role}}","scope":{{scope}}{{extra}}}""");

    private const string Profile = """{"name":"Session Ltd","sites":[{"localAuthority":"E08000003","headcount":12}]}""";

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];
}
