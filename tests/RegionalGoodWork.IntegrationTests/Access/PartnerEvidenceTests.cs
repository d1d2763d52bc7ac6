using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// A partner's push (<c>POST /partners/{partnerId}/evidence</c>): items for employers named by id or company number,
/// stored partner-verified, only the kinds whose <c>verifiers</c> name the partner; every other item rejected with its
/// reason; an <c>Idempotency-Key</c> required so a retry stores nothing twice; only that partner's key (or an admin) may push.
/// </summary>
[Collection(Collections.Platform)]
public sealed class PartnerEvidenceTests(PlatformFixture fixture)
{
    private const string Register = "living-wage-register";

    private PlatformApp App => fixture.App;

    [Fact]
    public async Task APartner_PushesTheKindsItVerifies_ByIdOrCompanyNumber_AndEachOtherItemIsRejectedWithItsReason()
    {
        var (byNumber, byId, number) = (NewId("lw-a"), NewId("lw-b"), NewCompanyNumber());
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{byNumber}", Profile(number));
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{byId}", Profile(null));
        var partner = await App.IssueKeyAsync("partner", $$"""{"partnerId":"{{Register}}"}""");

        using var response = await App.SendAsync(HttpMethod.Post, $"/api/v1/partners/{Register}/evidence", partner, $$"""
            {"items":[
              {"companyNumber":"{{number.ToLowerInvariant()}}","kind":"pay.rlw-accredited","value":true},
              {"employerId":"{{byId}}","kind":"conditions.living-hours-accredited","value":true},
              {"employerId":"{{byId}}","kind":"flex.flexible-from-day-one","value":true},
              {"companyNumber":"{{NewCompanyNumber()}}","kind":"pay.rlw-accredited","value":true},
              {"employerId":"{{NewId("nobody")}}","kind":"pay.rlw-accredited","value":true},
              {"employerId":"{{byId}}","kind":"pay.rlw-accredited","value":true,"source":"self-declared"},
              {"employerId":"{{byId}}","kind":"pay.rlw-accredited","value":"yes"}
            ]}
            """, idempotencyKey: Guid.NewGuid().ToString());

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal([(0, byNumber), (1, byId)], body.GetProperty("accepted").EnumerateArray()
            .Select(a => (a.GetProperty("index").GetInt32(), a.GetProperty("employerId").GetString())));
        var rejected = body.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("index").GetInt32(), r => r.GetProperty("reason").GetString()!);
        Assert.Equal([2, 3, 4, 5, 6], rejected.Keys.Order());
        Assert.Contains(Register, rejected[2], StringComparison.Ordinal);
        Assert.Contains("company number", rejected[3], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("employer", rejected[4], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("partner-verified", rejected[5], StringComparison.Ordinal);

        var stored = Assert.Single(await App.HistoryAsync(byNumber));
        Assert.Equal(("pay.rlw-accredited", "partner-verified"), (stored.GetProperty("kind").GetString(), stored.GetProperty("source").GetString()));
        var ofId = Assert.Single(await App.HistoryAsync(byId));
        Assert.Equal(("conditions.living-hours-accredited", "partner-verified"), (ofId.GetProperty("kind").GetString(), ofId.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task APartnersRetry_UnderTheSameIdempotencyKey_StoresNothingTwice_AndAPushWithoutOneIsRefused()
    {
        var employer = NewId("lw-retry");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile(null));
        var partner = await App.IssueKeyAsync("partner", $$"""{"partnerId":"{{Register}}"}""");
        var push = $$"""{"items":[{"employerId":"{{employer}}","kind":"pay.rlw-accredited","value":true}]}""";

        using (var missing = await App.SendAsync(HttpMethod.Post, $"/api/v1/partners/{Register}/evidence", partner, push))
        {
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        }

        Assert.Empty(await App.HistoryAsync(employer));
        var key = Guid.NewGuid().ToString();
        using var first = await App.SendAsync(HttpMethod.Post, $"/api/v1/partners/{Register}/evidence", partner, push, key);
        using var again = await App.SendAsync(HttpMethod.Post, $"/api/v1/partners/{Register}/evidence", partner, push, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Single(await App.HistoryAsync(employer));
    }

    [Fact]
    public async Task OnlyThatPartnersKey_MayPushAsIt_AndAPartnersKeyOpensNoLocker()
    {
        var employer = NewId("lw-scope");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile(null));
        var otherPartner = await App.IssueKeyAsync("partner", """{"partnerId":"gender-pay-gap-service"}""");
        var employerKey = await App.IssueKeyAsync("employer", $$"""{"employerId":"{{employer}}"}""");
        var push = $$"""{"items":[{"employerId":"{{employer}}","kind":"pay.rlw-accredited","value":true}]}""";

        foreach (var (key, expected) in new[] { (otherPartner, HttpStatusCode.Forbidden), (employerKey, HttpStatusCode.Forbidden), ((string?)null, HttpStatusCode.Unauthorized) })
        {
            using var refused = await App.SendAsync(HttpMethod.Post, $"/api/v1/partners/{Register}/evidence", key, push, Guid.NewGuid().ToString());
            Assert.Equal(expected, refused.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/evidence", otherPartner));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", otherPartner,
            """{"items":[{"kind":"equality.gender-pay-gap-published","value":true}]}"""));
        Assert.Empty(await App.HistoryAsync(employer));
    }

    [Fact]
    public async Task AnEmployerThatChangesItsCompanyNumber_IsFoundByTheNewOneOnly()
    {
        var (employer, before, after) = (NewId("lw-moved"), NewCompanyNumber(), NewCompanyNumber());
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile(before));
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile(after));
        var partner = await App.IssueKeyAsync("partner", $$"""{"partnerId":"{{Register}}"}""");

        using var response = await App.SendAsync(HttpMethod.Post, $"/api/v1/partners/{Register}/evidence", partner, $$"""
            {"items":[{"companyNumber":"{{before}}","kind":"pay.rlw-accredited","value":true},
                      {"companyNumber":"{{after}}","kind":"pay.rlw-accredited","value":true}]}
            """, idempotencyKey: Guid.NewGuid().ToString());

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([1], body.GetProperty("accepted").EnumerateArray().Select(a => a.GetProperty("index").GetInt32()));
        Assert.Equal([0], body.GetProperty("rejected").EnumerateArray().Select(a => a.GetProperty("index").GetInt32()));
        Assert.Single(await App.HistoryAsync(employer));
    }

    private static string Profile(string? companyNumber) => companyNumber is null
        ? """{"name":"Register Ltd","sites":[{"localAuthority":"E08000003","headcount":40}]}"""
        : $$"""{"name":"Register Ltd","companyNumber":"{{companyNumber}}","sites":[{"localAuthority":"E08000003","headcount":40}]}""";

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];

    private static string NewCompanyNumber() => $"SC{RandomNumberGenerator.GetInt32(1_000_000):D6}";
}
