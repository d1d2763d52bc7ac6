using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// A charter officer sees a member's locker — profile, evidence, the memberships of its own charters — and adds
/// officer-verified evidence, only while the employer is an active member of one of its charters; anything else
/// (another employer, the employer's profile or memberships, a withdrawn member) answers 403 and changes nothing.
/// </summary>
[Collection(Collections.Platform)]
public sealed class CharterOfficerCaseTests(PlatformFixture fixture)
{
    private PlatformApp App => fixture.App;

    [Fact]
    public async Task AnOfficer_ReadsAndVerifiesItsMembersEvidence_ForItsOwnChartersOnly()
    {
        var (member, stranger) = (NewId("member"), NewId("stranger"));
        foreach (var employer in new[] { member, stranger })
        {
            await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile);
        }

        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{member}/memberships", """{"charterId":"gm-gec"}""");
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{member}/memberships", """{"charterId":"lcr-fec"}""");
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{stranger}/memberships", """{"charterId":"lcr-fec"}""");
        var officer = await App.IssueKeyAsync("charter-officer", """{"charterIds":["gm-gec"]}""");

        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{member}", officer));
        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{member}/evidence", officer));
        using (var memberships = await App.SendAsync(HttpMethod.Get, $"/api/v1/employers/{member}/memberships", officer))
        {
            var charters = (await memberships.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(m => m.GetProperty("charterId").GetString());
            Assert.Equal(["gm-gec"], charters); // not the employer's other charter
        }

        Assert.Equal(HttpStatusCode.NotFound, await App.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{member}/memberships/lcr-fec", officer));
        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{member}/evidence", officer,
            """{"items":[{"kind":"voice.employee-forum","value":true}]}"""));
        var stored = Assert.Single(await App.HistoryAsync(member));
        Assert.Equal("officer-verified", stored.GetProperty("source").GetString());

        // Not a member of its charters: nothing to see, nothing to add.
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{stranger}", officer));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{stranger}/evidence", officer));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{stranger}/evidence", officer,
            """{"items":[{"kind":"voice.employee-forum","value":true}]}"""));
        Assert.Empty(await App.HistoryAsync(stranger));

        // The employer's own business stays its own.
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Put, $"/api/v1/employers/{member}", officer, """{"name":"Renamed","sites":[]}"""));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Delete, $"/api/v1/employers/{member}/memberships/gm-gec", officer));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{member}/evidence-requests", officer));
        var profile = await App.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{member}", UriKind.Relative));
        Assert.Equal("Case Ltd", profile.GetProperty("name").GetString());

        // Once the member leaves the officer's charter, its locker is closed to the officer again.
        using (var withdrawn = await App.SendAsync(HttpMethod.Delete, $"/api/v1/employers/{member}/memberships/gm-gec", PlatformApp.AdminKey))
        {
            Assert.True(withdrawn.IsSuccessStatusCode, await withdrawn.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{member}/evidence", officer));
    }

    [Theory]
    [InlineData("self-declared")]
    [InlineData("partner-verified")]
    public async Task AnOfficer_NamingAnotherSource_Answers403_AndStoresNothing(string source)
    {
        var member = NewId("member");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{member}", Profile);
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{member}/memberships", """{"charterId":"gm-gec"}""");
        var officer = await App.IssueKeyAsync("charter-officer", """{"charterIds":["gm-gec"]}""");

        using var refused = await App.SendAsync(HttpMethod.Post, $"/api/v1/employers/{member}/evidence", officer,
            $$"""{"items":[{"kind":"voice.employee-forum","value":true},{"kind":"pay.rlw-accredited","value":true,"source":"{{source}}"}]}""");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await App.HistoryAsync(member));
    }

    private const string Profile = """{"name":"Case Ltd","sites":[{"localAuthority":"E08000003","headcount":40}]}""";

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];
}
