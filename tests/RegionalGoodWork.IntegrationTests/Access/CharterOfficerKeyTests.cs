using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// A charter officer's key drafts, reads and publishes the charters its scope lists, and no other: another charter's
/// draft and publish answer 403 and change nothing, as do employers' lockers and the admin routes.
/// </summary>
public sealed class CharterOfficerKeyTests : IAsyncLifetime
{
    private PlatformApp platform = null!;

    public async Task InitializeAsync() =>
        platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?> { ["Modules:Charters:SeedDemo"] = "false" });

    public async Task DisposeAsync() => await platform.DisposeAsync();

    [Fact]
    public async Task AnOfficer_RunsItsOwnCharters_AndNoOther()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (own, other) = ($"own-{suffix}", $"other-{suffix}");
        using var issued = await platform.Http.PostAsync(new Uri("/api/v1/keys", UriKind.Relative), Json(
            $$$"""{"name":"Officer","role":"charter-officer","scope":{"charterIds":["{{{own}}}"]}}"""));
        var key = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Put, $"/api/v1/charters/{own}/draft", key, Definition("Own")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, $"/api/v1/charters/{own}/draft", key));
        Assert.Equal(HttpStatusCode.Created, await StatusAsync(HttpMethod.Post, $"/api/v1/charters/{own}/publish", key));

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Put, $"/api/v1/charters/{other}/draft", key, Definition("Other")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, $"/api/v1/charters/{other}/publish", key));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Put, $"/api/v1/employers/e-{suffix}", key,
            """{"name":"x","sites":[{"localAuthority":"E08000003","headcount":1}]}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Put, "/api/v1/local-authorities/E06999444", key, """{"name":"x"}"""));

        using var draft = await platform.Http.GetAsync(new Uri($"/api/v1/charters/{other}/draft", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode); // the refused draft was never saved
        var published = await platform.Anonymous.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/charters/{own}", UriKind.Relative));
        Assert.Equal("Own", published.GetProperty("name").GetString()); // public once published
    }

    private static string Definition(string name) => $$$"""
        {"name":"{{{name}}}","owner":"E47000001","tiers":["member"],"requirements":[
          {"id":"rlw","title":"Pays the real Living Wage","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
        """;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Api-Key", key);
        if (json is not null)
        {
            request.Content = Json(json);
        }

        using var response = await platform.Anonymous.SendAsync(request);
        return response.StatusCode;
    }
}
