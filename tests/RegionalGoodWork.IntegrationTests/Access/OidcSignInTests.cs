using System.Net;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// People sign in through their organisation's OpenID Connect provider (here a loopback one, <see cref="LoopbackOidcProvider"/>)
/// and are matched to invitations by the e-mail address it vouches for: the invitation's role and scope, its link spent,
/// the person known from then on; an address no invitation names, or one the provider does not vouch for, starts nothing.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private LoopbackOidcProvider provider = null!;
    private PlatformApp platform = null!;

    public async Task InitializeAsync()
    {
        provider = await LoopbackOidcProvider.StartAsync();
        platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
        {
            ["Modules:Charters:SeedDemo"] = "false",
            ["Auth:Oidc:Authority"] = provider.Authority.ToString(),
            ["Auth:Oidc:ClientId"] = LoopbackOidcProvider.ClientId,
            ["Auth:Oidc:ClientSecret"] = LoopbackOidcProvider.ClientSecret,
            ["Auth:Oidc:RequireHttpsMetadata"] = "false",
        });
    }

    public async Task DisposeAsync()
    {
        await platform.DisposeAsync();
        await provider.DisposeAsync();
    }

    [Fact]
    public async Task APersonInvitedByEmail_SignsInThroughTheProvider_AsTheInvitationSays_AndIsKnownFromThenOn()
    {
        var link = await InviteAsync("ada@council.example", "region-operator", """{"regionCode":"E47000001"}""");
        provider.SignInAs("Ada@Council.example");

        using var browser = new Browser(platform);
        var (status, _, response) = await browser.FollowAsync("/sign-in/oidc");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("/account", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(1, provider.TokensIssued);
        var me = await browser.MeAsync();
        Assert.Equal(("region-operator", "E47000001"), (me.GetProperty("role").GetString(), me.GetProperty("scope").GetProperty("regionCode").GetString()));
        Assert.StartsWith("person-", me.GetProperty("keyId").GetString(), StringComparison.Ordinal);

        using var spent = new Browser(platform);
        Assert.Equal(HttpStatusCode.Gone, (await spent.GetAsync(link)).Status); // the invitation is accepted: its link is spent

        platform.Clock.Advance(TimeSpan.FromDays(3)); // long after the link's own expiry
        using var later = new Browser(platform);
        Assert.Equal(HttpStatusCode.OK, (await later.FollowAsync("/sign-in/oidc")).Status);
        Assert.Equal(me.GetProperty("keyId").GetString(), (await later.MeAsync()).GetProperty("keyId").GetString()); // the same person
    }

    [Theory]
    [InlineData("nobody@council.example", true)]
    [InlineData("grace@council.example", false)]
    public async Task AnAddressWithoutAnInvitation_OrNotVouchedFor_StartsNothing(string email, bool verified)
    {
        await InviteAsync("grace@council.example", "admin", "{}");
        provider.SignInAs(email, emailVerified: verified);

        using var browser = new Browser(platform);
        var (status, page, _) = await browser.FollowAsync("/sign-in/oidc");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("could not be signed in", page, StringComparison.Ordinal);
        Assert.DoesNotContain("rgw_session", browser.Cookies.Keys);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.ApiAsync(HttpMethod.Get, "/api/v1/me")).Status);
    }

    private async Task<string> InviteAsync(string email, string role, string scope)
    {
        using var response = await platform.SendAsync(HttpMethod.Post, "/api/v1/sign-in-links", PlatformApp.AdminKey,
            $$"""{"name":"Invitee","email":"{{email}}","role":"{{role}}","scope":{{scope}}}""");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("url").GetString()!;
    }
}
