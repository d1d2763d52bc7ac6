using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// API keys (api.md, Access): issued by an admin, shown once, stored only as a salted hash, listed without a secret,
/// answering as their role through ASP.NET Core authentication and authorization; revoked or expired keys answer 401
/// at once; a key of another role is refused 403 on an admin route and changes nothing.
/// </summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private PlatformApp platform = null!;

    public async Task InitializeAsync() =>
        platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?> { ["Modules:Charters:SeedDemo"] = "false" });

    public async Task DisposeAsync() => await platform.DisposeAsync();

    [Fact]
    public async Task AnIssuedKey_AnswersAsItsRole_IsListedWithoutItsSecret_AndTheSecretIsStoredNowhere()
    {
        // Sent with an Idempotency-Key: the answer holds the secret, so it is not kept for a replay — a retry issues another.
        var (id, key) = await IssueAsync("""{"name":"Operations","role":"admin"}""", idempotencyKey: "issue-ops-1");
        var (retriedId, _) = await IssueAsync("""{"name":"Operations","role":"admin"}""", idempotencyKey: "issue-ops-1");
        Assert.NotEqual(id, retriedId);
        Assert.Matches("^rgw_[0-9a-f]{16}_[A-Za-z0-9_-]{43}\\z", key);

        using var me = await SendAsync(HttpMethod.Get, "/api/v1/me", key);
        var caller = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((id, "admin"), (caller.GetProperty("keyId").GetString(), caller.GetProperty("role").GetString()));

        var employer = $"key-{Guid.NewGuid():N}"[..20];
        using var created = await SendAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", key,
            """{"name":"Keyed Ltd","sites":[{"localAuthority":"E08000003","headcount":5}]}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var listed = await platform.Http.GetStringAsync(new Uri("/api/v1/keys", UriKind.Relative));
        var entry = JsonDocument.Parse(listed).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.Equal("Operations", entry.GetProperty("name").GetString());
        Assert.True(entry.TryGetProperty("lastUsedAt", out var used) && used.ValueKind == JsonValueKind.String, "the list says when the key was last used");
        Assert.False(entry.TryGetProperty("key", out _));
        var secret = key[(key.LastIndexOf('_') + 1)..];
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);

        var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(secret));
        Assert.Equal(0L, await platform.Database!.ScalarAsync<long>(
            $"SELECT count(*) FROM rgw_grain_state WHERE position(decode('{hex}', 'hex') in payload) > 0"));
        Assert.True(await platform.Database!.ScalarAsync<long>("SELECT count(*) FROM rgw_grain_state WHERE grain_type = 'api-key'") > 0,
            "the key is stored (as its hash)");
    }

    [Fact]
    public async Task ARevokedKey_Answers401AtOnce_AndAnExpiredOneToo()
    {
        var (id, key) = await IssueAsync("""{"name":"Nightly sync","role":"admin"}""");
        using (var before = await SendAsync(HttpMethod.Get, "/api/v1/me", key))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var revoked = await platform.Http.DeleteAsync(new Uri($"/api/v1/keys/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        await AssertUnauthorizedAsync(key);
        using (var again = await platform.Http.DeleteAsync(new Uri($"/api/v1/keys/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }

        using (var unknown = await platform.Http.DeleteAsync(new Uri("/api/v1/keys/00000000deadbeef", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var listed = JsonDocument.Parse(await platform.Http.GetStringAsync(new Uri("/api/v1/keys", UriKind.Relative))).RootElement;
        Assert.Equal(JsonValueKind.String, listed.EnumerateArray().Single(k => k.GetProperty("id").GetString() == id).GetProperty("revokedAt").ValueKind);

        var expiresAt = platform.Clock.GetUtcNow().AddHours(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var (_, expiring) = await IssueAsync($$"""{"name":"Short-lived","role":"admin","expiresAt":"{{expiresAt}}"}""");
        using (var live = await SendAsync(HttpMethod.Get, "/api/v1/me", expiring))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        platform.Clock.Advance(TimeSpan.FromHours(2));
        await AssertUnauthorizedAsync(expiring);
    }

    [Fact]
    public async Task AKeyOfAnotherRole_IsForbiddenOnAnAdminRoute_AndChangesNothing()
    {
        var employer = $"own-{Guid.NewGuid():N}"[..20];
        var (_, key) = await IssueAsync($$$"""{"name":"Own locker","role":"employer","scope":{"employerId":"{{{employer}}}"}}""");

        using var me = await SendAsync(HttpMethod.Get, "/api/v1/me", key);
        var caller = await me.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("employer", caller.GetProperty("role").GetString());
        Assert.Equal(employer, caller.GetProperty("scope").GetProperty("employerId").GetString());

        using var refused = await SendAsync(HttpMethod.Put, "/api/v1/local-authorities/E06999777", key, """{"name":"Not Allowed"}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var keys = await SendAsync(HttpMethod.Get, "/api/v1/keys", key);
        Assert.Equal(HttpStatusCode.Forbidden, keys.StatusCode);

        using var council = await platform.Anonymous.GetAsync(new Uri("/api/v1/local-authorities/E06999777", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, council.StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","role":"root"}""", "role")]
    [InlineData("""{"name":"x","role":"employer"}""", "scope.employerId")]
    [InlineData("""{"name":"x","role":"admin","scope":{"regionCode":"E47000001"}}""", "scope.regionCode")]
    [InlineData("""{"name":"x","role":"region-operator","scope":{"regionCode":"E47000001\n"}}""", "scope.regionCode")]
    [InlineData("""{"name":"x","role":"charter-officer","scope":{"charterIds":[]}}""", "scope.charterIds")]
    [InlineData("""{"name":"","role":"admin"}""", "name")]
    [InlineData("""{"name":"x","role":"admin","expiresAt":"2001-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{"name":"x","role":"admin","expiresAt":"soon"}""", "expiresAt")]
    public async Task AKeyRequestThatCannotWork_Answers400NamingTheField_AndIssuesNothing(string body, string field)
    {
        var before = (await platform.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/keys", UriKind.Relative))).GetArrayLength();
        using var response = await platform.Http.PostAsync(new Uri("/api/v1/keys", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name {field}: {problem}");
        Assert.Equal(before, (await platform.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/keys", UriKind.Relative))).GetArrayLength());
    }

    [Theory]
    [InlineData(null, "API key required")]
    [InlineData("not-a-key", "Unknown API key")]
    [InlineData("rgw_00000000deadbeef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Unknown API key")]
    public async Task NoKeyOrAnUnknownOne_Answers401OnAnAdminRoute(string? key, string title)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/keys", key);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(title, problem.GetProperty("title").GetString());
    }

    private async Task<(string Id, string Key)> IssueAsync(string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/keys", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await platform.Http.SendAsync(request);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {json}");
        return (json.GetProperty("id").GetString()!, json.GetProperty("key").GetString()!);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await platform.Anonymous.SendAsync(request);
    }

    private async Task AssertUnauthorizedAsync(string key)
    {
        using var response = await SendAsync(HttpMethod.Get, "/api/v1/me", key);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
