using System.Net;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// Time on the platform's clock ends links and sessions: a link not used before it expires starts nothing, and a session
/// ends when its lifetime (12 hours) is over. Its own platform: these tests move the clock.
/// </summary>
public sealed class SignInLinkExpiryTests : IAsyncLifetime
{
    private PlatformApp platform = null!;

    public async Task InitializeAsync() =>
        platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?> { ["Modules:Charters:SeedDemo"] = "false" });

    public async Task DisposeAsync() => await platform.DisposeAsync();

    [Fact]
    public async Task ALinkPastItsExpiry_StartsNothing_AndASessionEndsAfterItsLifetime()
    {
        var soon = await LinkAsync(expiresInMinutes: 5);
        var later = await LinkAsync(expiresInMinutes: 60);
        using var late = new Browser(platform);
        var (_, latePage, _) = await late.GetAsync(soon);
        using var browser = new Browser(platform);
        var (_, page, _) = await browser.GetAsync(later);

        platform.Clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(HttpStatusCode.Gone, (await late.SubmitAsync(latePage)).Status); // opened in time, used too late
        using var fresh = new Browser(platform);
        Assert.Equal(HttpStatusCode.Gone, (await fresh.GetAsync(soon)).Status);
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SubmitAsync(page)).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.ApiAsync(HttpMethod.Get, "/api/v1/me")).Status);

        platform.Clock.Advance(TimeSpan.FromHours(12));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.ApiAsync(HttpMethod.Get, "/api/v1/me")).Status);
    }

    private async Task<string> LinkAsync(int expiresInMinutes)
    {
        using var response = await platform.SendAsync(HttpMethod.Post, "/api/v1/sign-in-links", PlatformApp.AdminKey,
            $$"""{"name":"Officer","role":"charter-officer","scope":{"charterIds":["some-charter"]},"expiresInMinutes":{{expiresInMinutes}}}""");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("url").GetString()!;
    }
}
