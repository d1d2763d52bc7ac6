using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>Requests as a caller with an issued key: the one way the access tests issue keys and send as them.</summary>
internal static class KeyedRequests
{
    /// <summary>Issues a key (as the admin) with a role and scope (<c>{"employerId":"…"}</c> and so on); answers the secret.</summary>
    public static async Task<string> IssueKeyAsync(this PlatformApp platform, string role, string scopeJson = "{}") =>
        (await platform.IssueKeyWithIdAsync(role, scopeJson)).Key;

    /// <summary>Issues a key (as the admin), expiring at <paramref name="expiresAt"/> when given; answers its id and its secret.</summary>
    public static async Task<(string Id, string Key)> IssueKeyWithIdAsync(
        this PlatformApp platform, string role, string scopeJson = "{}", DateTimeOffset? expiresAt = null)
    {
        var expires = expiresAt is { } at ? $",\"expiresAt\":{JsonSerializer.Serialize(at)}" : "";
        using var response = await platform.Http.PostAsync(new Uri("/api/v1/keys", UriKind.Relative),
            Json($$"""{"name":"{{role}} key","role":"{{role}}","scope":{{scopeJson}}{{expires}}}"""));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
    }

    /// <summary>A sign-in link for a person named <paramref name="name"/> with a role and scope, made with <paramref name="key"/>; answers its URL.</summary>
    public static async Task<string> SignInLinkAsync(this PlatformApp platform, string key, string name, string role, string scopeJson)
    {
        using var response = await platform.SendAsync(HttpMethod.Post, "/api/v1/sign-in-links", key, $$"""{"name":"{{name}}","role":"{{role}}","scope":{{scopeJson}}}""");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("url").GetString()!;
    }

    /// <summary>A browser signed in (through a link the admin made) as a person with a role and scope.</summary>
    public static async Task<Browser> SignedInAsync(this PlatformApp platform, string name, string role, string scopeJson)
    {
        var browser = new Browser(platform);
        var (_, page, _) = await browser.GetAsync(await platform.SignInLinkAsync(PlatformApp.AdminKey, name, role, scopeJson));
        Assert.Equal(HttpStatusCode.SeeOther, (await browser.SubmitAsync(page)).Status);
        return browser;
    }

    /// <summary>Sends with <c>X-Api-Key: key</c> (none when null), a JSON body when given, an <c>Idempotency-Key</c> when given.</summary>
    public static Task<HttpResponseMessage> SendAsync(
        this PlatformApp platform, HttpMethod method, string path, string? key, string? json = null, string? idempotencyKey = null) =>
        platform.SendAsync(method, path, key, json is null ? null : Json(json), idempotencyKey);

    /// <summary>Sends with <c>X-Api-Key: key</c> (none when null) and a body of any type (taken over and disposed).</summary>
    public static async Task<HttpResponseMessage> SendAsync(
        this PlatformApp platform, HttpMethod method, string path, string? key, HttpContent? content, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await platform.Anonymous.SendAsync(request);
    }

    public static async Task<HttpStatusCode> StatusAsync(this PlatformApp platform, HttpMethod method, string path, string? key, string? json = null)
    {
        using var response = await platform.SendAsync(method, path, key, json);
        return response.StatusCode;
    }

    /// <summary>PUT or POST as the admin, asserting success.</summary>
    public static async Task AdminAsync(this PlatformApp platform, HttpMethod method, string path, string json)
    {
        using var response = await platform.SendAsync(method, path, PlatformApp.AdminKey, json);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>An employer's every evidence item ever stored, as the admin sees it.</summary>
    public static async Task<List<JsonElement>> HistoryAsync(this PlatformApp platform, string employerId) =>
        (await platform.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{employerId}/evidence?history=true", UriKind.Relative)))
            .EnumerateArray().ToList();

    /// <summary>A resource's audit trail (<c>/api/v1/{collection}/{id}</c>), newest first, as the admin reads it (at most 1,000 entries).</summary>
    public static async Task<List<JsonElement>> AuditTrailAsync(this PlatformApp platform, string resource) =>
        (await platform.Http.GetFromJsonAsync<JsonElement>(
            new Uri($"/api/v1/audit?resource={Uri.EscapeDataString(resource)}&limit=1000", UriKind.Relative))).EnumerateArray().ToList();

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
