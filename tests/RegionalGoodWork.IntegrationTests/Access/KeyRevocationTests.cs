using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// Two silos (two processes) in one cluster: a key issued through one works on the other, and once it is revoked
/// through the first, the second refuses it on the very next request — no cache to wait out.
/// </summary>
public sealed class KeyRevocationTests
{
    [Fact]
    public async Task AKeyRevokedThroughOneSilo_IsRefusedByTheOtherAtOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Modules:Charters:SeedDemo"] = "false" };
        await using var one = await PlatformProcess.StartAsync(database, settings);
        await using var other = await PlatformProcess.StartAsync(database, settings);

        using var issued = await one.Http.PostAsync(new Uri("/api/v1/keys", UriKind.Relative),
            new StringContent("""{"name":"Payroll sync","role":"admin"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var (id, key) = (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);

        Assert.Equal(HttpStatusCode.OK, await MeAsync(other, key));
        using (var revoked = await one.Http.DeleteAsync(new Uri($"/api/v1/keys/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(other, key));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(one, key));
    }

    private static async Task<HttpStatusCode> MeAsync(PlatformProcess platform, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/me", UriKind.Relative));
        request.Headers.Remove("X-Api-Key");
        request.Headers.Add("X-Api-Key", key);
        using var client = new HttpClient { BaseAddress = platform.Http.BaseAddress };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
