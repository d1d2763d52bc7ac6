using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// An employer's own key: it runs its own locker — profile, evidence (always self-declared), memberships — and nothing
/// else: another employer's locker and the admin routes answer 403 and change nothing, and a body asking for a
/// verified source answers 403 and stores nothing.
/// </summary>
public sealed class EmployerKeyTests : IAsyncLifetime
{
    private PlatformApp platform = null!;

    public async Task InitializeAsync() =>
        platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?> { ["Modules:Charters:SeedDemo"] = "true" });

    public async Task DisposeAsync() => await platform.DisposeAsync();

    [Fact]
    public async Task AnEmployersKey_RunsItsOwnLocker_AsSelfDeclared()
    {
        var (own, key) = await EmployerKeyAsync();

        Assert.Equal(HttpStatusCode.Created, await StatusAsync(HttpMethod.Put, $"/api/v1/employers/{own}", key, Profile("Own Ltd")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Post, $"/api/v1/employers/{own}/evidence", key,
            """{"items":[{"kind":"pay.rlw-accredited","value":true},{"kind":"pay.rlw-accredited","value":true,"source":"self-declared"}]}"""));
        Assert.Equal(HttpStatusCode.Created, await StatusAsync(HttpMethod.Post, $"/api/v1/employers/{own}/memberships", key, """{"charterId":"gm-gec"}"""));

        using var evidence = await SendAsync(HttpMethod.Get, $"/api/v1/employers/{own}/evidence?history=true", key);
        var items = (await evidence.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal("self-declared", i.GetProperty("source").GetString()));
    }

    [Theory]
    [InlineData("officer-verified")]
    [InlineData("partner-verified")]
    public async Task AnEmployersKey_AskingForAVerifiedSource_Answers403_AndStoresNothing(string source)
    {
        var (own, key) = await EmployerKeyAsync();
        Assert.Equal(HttpStatusCode.Created, await StatusAsync(HttpMethod.Put, $"/api/v1/employers/{own}", key, Profile("Own Ltd")));

        using var refused = await SendAsync(HttpMethod.Post, $"/api/v1/employers/{own}/evidence", key,
            $$"""{"items":[{"kind":"pay.rlw-accredited","value":true},{"kind":"pay.rlw-accredited","value":true,"source":"{{source}}"}]}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        var history = await platform.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{own}/evidence?history=true", UriKind.Relative));
        Assert.Equal(0, history.GetArrayLength());
    }

    [Fact]
    public async Task AnEmployersKey_OnAnotherEmployersLocker_OrAnAdminRoute_Answers403_AndChangesNothing()
    {
        var (_, key) = await EmployerKeyAsync();
        var other = $"other-{Guid.NewGuid():N}"[..20];
        using (var created = await platform.Http.PutAsync(new Uri($"/api/v1/employers/{other}", UriKind.Relative), Json(Profile("Other Ltd"))))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var stranger = $"new-{Guid.NewGuid():N}"[..20];
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, $"/api/v1/employers/{other}", key));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, $"/api/v1/employers/{other}/evidence", key));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, $"/api/v1/employers/{other}/evidence", key,
            """{"items":[{"kind":"pay.rlw-accredited","value":true}]}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Put, $"/api/v1/employers/{other}", key, Profile("Taken Over Ltd")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Put, $"/api/v1/employers/{stranger}", key, Profile("Stranger Ltd")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Put, "/api/v1/local-authorities/E06999555", key, """{"name":"x"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "/api/v1/keys", key, """{"name":"x","role":"admin"}"""));

        var profile = await platform.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{other}", UriKind.Relative));
        Assert.Equal("Other Ltd", profile.GetProperty("name").GetString());
        var evidence = await platform.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{other}/evidence?history=true", UriKind.Relative));
        Assert.Equal(0, evidence.GetArrayLength());
        using var strangerProfile = await platform.Http.GetAsync(new Uri($"/api/v1/employers/{stranger}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, strangerProfile.StatusCode);
    }

    private async Task<(string EmployerId, string Key)> EmployerKeyAsync()
    {
        var employer = $"own-{Guid.NewGuid():N}"[..20];
        using var response = await platform.Http.PostAsync(new Uri("/api/v1/keys", UriKind.Relative),
            Json($$$"""{"name":"Own locker","role":"employer","scope":{"employerId":"{{{employer}}}"}}"""));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return (employer, body.GetProperty("key").GetString()!);
    }

    private static string Profile(string name) => $$"""{"name":"{{name}}","sites":[{"localAuthority":"E08000010","headcount":12}]}""";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string key, string? json = null)
    {
        using var response = await SendAsync(method, path, key, json);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Api-Key", key);
        if (json is not null)
        {
            request.Content = Json(json);
        }

        return await platform.Anonymous.SendAsync(request);
    }
}
