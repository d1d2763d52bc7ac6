using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// Feature flags targeted by the caller's regions and councils, on a platform of its own whose configuration switches
/// <c>Employers.OfficerVerifiedEvidence</c> on for Greater Manchester (<c>region:E47000001</c>) only, and
/// <c>Partners.EvidenceApi</c> on for every partner but the gender pay gap service: what each caller sees in
/// <c>GET /features</c> and what each may do follow.
/// </summary>
public sealed class FeatureFlagTests : IAsyncLifetime
{
    private const string GreaterManchester = "E47000001";
    private const string Officer = "Employers.OfficerVerifiedEvidence";
    private const string PartnerApi = "Partners.EvidenceApi";
    private const string Pages = "Portal.EmployerPages";

    private PlatformApp app = null!;

    public async Task InitializeAsync() => app = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
    {
        // The portal's signed-in pages: on for callers in Greater Manchester only.
        [$"FeatureManagement:{Pages}"] = null,
        [$"FeatureManagement:{Pages}:EnabledFor:0:Name"] = "Targeting",
        [$"FeatureManagement:{Pages}:EnabledFor:0:Parameters:Audience:Groups:0:Name"] = $"region:{GreaterManchester}",
        [$"FeatureManagement:{Pages}:EnabledFor:0:Parameters:Audience:Groups:0:RolloutPercentage"] = "100",
        [$"FeatureManagement:{Pages}:EnabledFor:0:Parameters:Audience:DefaultRolloutPercentage"] = "0",
        // appsettings.json says `true` for both; a null value lets the filters below decide.
        [$"FeatureManagement:{Officer}"] = null,
        [$"FeatureManagement:{Officer}:EnabledFor:0:Name"] = "Targeting",
        [$"FeatureManagement:{Officer}:EnabledFor:0:Parameters:Audience:Groups:0:Name"] = $"region:{GreaterManchester}",
        [$"FeatureManagement:{Officer}:EnabledFor:0:Parameters:Audience:Groups:0:RolloutPercentage"] = "100",
        [$"FeatureManagement:{Officer}:EnabledFor:0:Parameters:Audience:DefaultRolloutPercentage"] = "0",
        [$"FeatureManagement:{PartnerApi}"] = null,
        [$"FeatureManagement:{PartnerApi}:EnabledFor:0:Name"] = "Targeting",
        [$"FeatureManagement:{PartnerApi}:EnabledFor:0:Parameters:Audience:DefaultRolloutPercentage"] = "100",
        [$"FeatureManagement:{PartnerApi}:EnabledFor:0:Parameters:Audience:Exclusion:Groups:0"] = "partner:gender-pay-gap-service",
    });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task AFlagOnForOneRegion_LetsItsCharterOfficerAddEvidence_AndRefusesAnotherRegionsOfficer403_StoringNothing()
    {
        var (manchesterMember, liverpoolMember) = (NewId("gm-member"), NewId("lcr-member"));
        await app.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{manchesterMember}", Profile("E08000003"));
        await app.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{liverpoolMember}", Profile("E08000012"));
        await app.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{manchesterMember}/memberships", """{"charterId":"gm-gec"}""");
        await app.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{liverpoolMember}/memberships", """{"charterId":"lcr-fec"}""");
        var manchesterOfficer = await app.IssueKeyAsync("charter-officer", """{"charterIds":["gm-gec"]}"""); // owned by E47000001
        var liverpoolOfficer = await app.IssueKeyAsync("charter-officer", """{"charterIds":["lcr-fec"]}"""); // owned by E47000004

        Assert.True((await FeaturesAsync(manchesterOfficer))[Officer]);
        Assert.False((await FeaturesAsync(liverpoolOfficer))[Officer]);
        Assert.False((await FeaturesAsync(key: null))[Officer]); // anonymous: the untargeted value

        Assert.Equal(HttpStatusCode.OK, await app.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{manchesterMember}/evidence", manchesterOfficer, Forum));
        Assert.Equal("officer-verified", Assert.Single(await app.HistoryAsync(manchesterMember)).GetProperty("source").GetString());

        using (var refused = await app.SendAsync(HttpMethod.Post, $"/api/v1/employers/{liverpoolMember}/evidence", liverpoolOfficer, Forum, Guid.NewGuid().ToString()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("not switched on for your region", problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains(Officer, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(await app.HistoryAsync(liverpoolMember));

        // The flag is the officer's: the employer's own key still runs its locker.
        var liverpoolEmployer = await app.IssueKeyAsync("employer", $$"""{"employerId":"{{liverpoolMember}}"}""");
        Assert.False((await FeaturesAsync(liverpoolEmployer))[Officer]);
        Assert.Equal(HttpStatusCode.OK, await app.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{liverpoolMember}/evidence", liverpoolEmployer, Forum));
        Assert.Equal("self-declared", Assert.Single(await app.HistoryAsync(liverpoolMember)).GetProperty("source").GetString());
    }

    [Fact]
    public async Task ThePortalsEmployerPages_AnswerOnlyWhereTheirFlagIsOn_Else404()
    {
        var (manchester, liverpool) = (NewId("gm-page"), NewId("lcr-page"));
        await app.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{manchester}", Profile("E08000003"));
        await app.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{liverpool}", Profile("E08000012"));
        var manchesterKey = await app.IssueKeyAsync("employer", $$"""{"employerId":"{{manchester}}"}""");
        var liverpoolKey = await app.IssueKeyAsync("employer", $$"""{"employerId":"{{liverpool}}"}""");

        Assert.Equal(HttpStatusCode.OK, await app.StatusAsync(HttpMethod.Get, $"/employers/{manchester}", manchesterKey));
        Assert.Equal(HttpStatusCode.NotFound, await app.StatusAsync(HttpMethod.Get, $"/employers/{liverpool}", liverpoolKey));
        Assert.Equal(HttpStatusCode.NotFound, await app.StatusAsync(HttpMethod.Get, "/charters/gm-gec/members", PlatformApp.AdminKey)); // untargeted: off
        Assert.False((await FeaturesAsync(liverpoolKey))[Pages]);
    }

    [Fact]
    public async Task TheTargetingGroups_AreTheCallersRegionsAndCouncils()
    {
        var employer = NewId("gm-sites");
        await app.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile("E08000003"));
        var operatorGroups = await CallerTargeting.GroupsAsync(new Caller("k1", Roles.RegionOperator, new AccessScope(GreaterManchester, null, null, null)), app.Grains);
        var officerGroups = await CallerTargeting.GroupsAsync(new Caller("k2", Roles.CharterOfficer, new AccessScope(null, ["gm-gec", "lcr-fec"], null, null)), app.Grains);
        var employerGroups = await CallerTargeting.GroupsAsync(new Caller("k3", Roles.Employer, new AccessScope(null, null, employer, null)), app.Grains);
        var adminGroups = await CallerTargeting.GroupsAsync(new Caller("admin", Roles.Admin, AccessScope.None), app.Grains);

        Assert.Contains($"region:{GreaterManchester}", operatorGroups);
        Assert.Contains("council:E08000003", operatorGroups); // Manchester
        Assert.Contains("council:E08000010", operatorGroups); // Wigan
        Assert.Equal(11, operatorGroups.Count); // the region and its ten councils
        Assert.Equal(["region:E47000001", "region:E47000004"], officerGroups);
        Assert.Equal(["council:E08000003", "region:E47000001"], employerGroups);
        Assert.Empty(adminGroups);

        var regionOperator = await app.IssueKeyAsync("region-operator", $$"""{"regionCode":"{{GreaterManchester}}"}""");
        var employerKey = await app.IssueKeyAsync("employer", $$"""{"employerId":"{{employer}}"}""");
        Assert.True((await FeaturesAsync(regionOperator))[Officer]);
        Assert.True((await FeaturesAsync(employerKey))[Officer]);
        Assert.False((await FeaturesAsync(PlatformApp.AdminKey))[Officer]);
    }

    [Fact]
    public async Task APartnerTheApiIsSwitchedOffFor_Gets404_AndNothingIsStored_WhileAnotherPartnerPushes()
    {
        var employer = NewId("partnered");
        await app.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile("E08000003"));
        var register = await app.IssueKeyAsync("partner", """{"partnerId":"living-wage-register"}""");
        var payGap = await app.IssueKeyAsync("partner", """{"partnerId":"gender-pay-gap-service"}""");

        Assert.True((await FeaturesAsync(register))[PartnerApi]);
        Assert.False((await FeaturesAsync(payGap))[PartnerApi]);
        Assert.True((await FeaturesAsync(key: null))[PartnerApi]);

        using (var refused = await app.SendAsync(HttpMethod.Post, "/api/v1/partners/gender-pay-gap-service/evidence", payGap,
            $$"""{"items":[{"employerId":"{{employer}}","kind":"equality.gender-pay-gap-published","value":true}]}""", Guid.NewGuid().ToString()))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.Empty(await app.HistoryAsync(employer));
        using var pushed = await app.SendAsync(HttpMethod.Post, "/api/v1/partners/living-wage-register/evidence", register,
            $$"""{"items":[{"employerId":"{{employer}}","kind":"pay.rlw-accredited","value":true}]}""", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        Assert.Equal("partner-verified", Assert.Single(await app.HistoryAsync(employer)).GetProperty("source").GetString());
    }

    private async Task<Dictionary<string, bool>> FeaturesAsync(string? key)
    {
        using var response = await app.SendAsync(HttpMethod.Get, "/api/v1/features", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, bool>>())!;
    }

    private const string Forum = """{"items":[{"kind":"voice.employee-forum","value":true}]}""";

    private static string Profile(string localAuthority) => $$"""{"name":"Flagged Ltd","sites":[{"localAuthority":"{{localAuthority}}","headcount":40}]}""";

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];
}
