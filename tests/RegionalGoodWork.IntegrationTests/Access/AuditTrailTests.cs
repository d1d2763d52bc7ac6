using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Access;

/// <summary>
/// The audit trail: every successful write and every read of an employer's private data by someone other than the employer
/// is in the resource's trail (who, what, when, a summary), refused requests are not, and the trail is shown to those
/// the resource is theirs to watch — the employer itself, its charters' officers, the admin — and to no one else.
/// </summary>
[Collection(Collections.Platform)]
public sealed class AuditTrailTests(PlatformFixture fixture)
{
    private PlatformApp App => fixture.App;

    [Fact]
    public async Task EveryWrite_AndAnOfficersRead_AreInTheEmployersTrail_AndTheEmployerSeesWhoLooked()
    {
        var employer = NewId("audited");
        var own = await App.IssueKeyAsync("employer", $$"""{"employerId":"{{employer}}"}""");
        var officer = await App.IssueKeyAsync("charter-officer", """{"charterIds":["gm-gec"]}""");
        var (ownId, officerId) = (await KeyIdAsync(own), await KeyIdAsync(officer));

        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile("Audited Ltd", 40));
        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", own, Profile("Audited Group Ltd", 45)));
        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", own,
            """{"items":[{"kind":"pay.rlw-accredited","value":true}]}"""));
        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/evidence", own)); // its own look: not audited
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", own,
            """{"items":[{"kind":"pay.rlw-accredited","value":true,"source":"partner-verified"}]}""")); // refused: not audited
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", """{"charterId":"gm-gec"}""");
        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/evidence?history=true", officer));

        var trail = await TrailAsync($"/api/v1/employers/{employer.ToUpperInvariant()}", own); // named as sent: the trail is the employer's
        Assert.Equal(
            [
                (5L, "read", officerId, "charter-officer", $"GET /api/v1/employers/{employer}/evidence"),
                (4L, "write", "admin", "admin", $"POST /api/v1/employers/{employer}/memberships"),
                (3L, "write", ownId, "employer", $"POST /api/v1/employers/{employer}/evidence"),
                (2L, "write", ownId, "employer", $"PUT /api/v1/employers/{employer}"),
                (1L, "write", "admin", "admin", $"PUT /api/v1/employers/{employer}"),
            ],
            trail.Select(e => (e.GetProperty("sequence").GetInt64(), e.GetProperty("kind").GetString(), e.GetProperty("actor").GetProperty("keyId").GetString(),
                e.GetProperty("actor").GetProperty("role").GetString(), e.GetProperty("action").GetString())));
        Assert.All(trail, e => Assert.Equal($"/api/v1/employers/{employer}", e.GetProperty("resource").GetString()));
        Assert.Contains("gm-gec", Summary(trail[1]), StringComparison.Ordinal);
        Assert.Equal("1 item(s) added: pay.rlw-accredited (self-declared)", Summary(trail[2]));
        Assert.Equal("name 'Audited Ltd' → 'Audited Group Ltd'; sites E08000003×40 → E08000003×45", Summary(trail[3]));
        Assert.StartsWith("created: name 'Audited Ltd'", Summary(trail[4]), StringComparison.Ordinal);
        Assert.True(trail.Zip(trail.Skip(1)).All(p => p.First.GetProperty("at").GetDateTimeOffset() >= p.Second.GetProperty("at").GetDateTimeOffset()));

        // The officer of a charter it belongs to and the admin may read it too; another employer, or no key, may not.
        Assert.Equal(5, (await TrailAsync($"/api/v1/employers/{employer}", officer)).Count);
        Assert.Equal(5, (await TrailAsync($"/api/v1/employers/{employer}", PlatformApp.AdminKey)).Count); // reading a trail is not itself a change
    }

    [Fact]
    public async Task TheTrail_IsRefusedToThoseItIsNotFor()
    {
        var employer = NewId("private");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", Profile("Private Ltd", 10));
        var stranger = await App.IssueKeyAsync("employer", $$"""{"employerId":"{{NewId("stranger")}}"}""");
        var otherOfficer = await App.IssueKeyAsync("charter-officer", """{"charterIds":["lcr-fec"]}""");
        var partner = await App.IssueKeyAsync("partner", """{"partnerId":"living-wage-register"}""");
        var path = $"/api/v1/audit?resource=/api/v1/employers/{employer}";

        foreach (var key in new[] { stranger, otherOfficer, partner })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, path, key));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await App.StatusAsync(HttpMethod.Get, path, null));
        Assert.Equal(HttpStatusCode.BadRequest, await App.StatusAsync(HttpMethod.Get, "/api/v1/audit?resource=employers", PlatformApp.AdminKey));
        Assert.Equal(HttpStatusCode.BadRequest, await App.StatusAsync(HttpMethod.Get, $"{path}&limit=0", PlatformApp.AdminKey));
    }

    [Fact]
    public async Task APartnersPush_IsInThePartnersTrail_AndInEachEmployersTrail_AndAnAdminsStatedSourceIsNamed()
    {
        var (first, second) = (NewId("pushed-a"), NewId("pushed-b"));
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{first}", Profile("First Ltd", 10));
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{second}", Profile("Second Ltd", 10));
        var partner = await App.IssueKeyAsync("partner", """{"partnerId":"living-wage-register"}""");

        using (var pushed = await App.SendAsync(HttpMethod.Post, "/api/v1/partners/living-wage-register/evidence", partner, $$"""
            {"items":[{"employerId":"{{first}}","kind":"pay.rlw-accredited","value":true},
                      {"employerId":"{{second}}","kind":"conditions.living-hours-accredited","value":true},
                      {"employerId":"{{second}}","kind":"voice.employee-forum","value":true}]}
            """, Guid.NewGuid().ToString()))
        {
            Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        }

        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{first}/evidence",
            """{"items":[{"kind":"equality.gender-pay-gap-published","value":true,"source":"partner-verified"}]}""");

        var ofFirst = await TrailAsync($"/api/v1/employers/{first}", PlatformApp.AdminKey);
        Assert.Equal("1 item(s) added: equality.gender-pay-gap-published (partner-verified)", Summary(ofFirst[0]));
        Assert.Equal("admin", ofFirst[0].GetProperty("actor").GetProperty("role").GetString());
        Assert.Equal("1 item(s) added as partner-verified by living-wage-register: pay.rlw-accredited", Summary(ofFirst[1]));
        Assert.Equal("partner", ofFirst[1].GetProperty("actor").GetProperty("role").GetString());
        var ofSecond = await TrailAsync($"/api/v1/employers/{second}", PlatformApp.AdminKey);
        Assert.Equal("1 item(s) added as partner-verified by living-wage-register: conditions.living-hours-accredited", Summary(ofSecond[0]));
        var ofPartner = await TrailAsync("/api/v1/partners/living-wage-register", partner);
        Assert.Contains(ofPartner, e => Summary(e) == "2 item(s) accepted, 1 rejected");
    }

    [Fact]
    public async Task AKeyIssued_IsInItsTrail_WithoutItsSecret()
    {
        using var issued = await App.Http.PostAsync(new Uri("/api/v1/keys", UriKind.Relative),
            KeyedRequests.Json("""{"name":"Payroll export","role":"employer","scope":{"employerId":"payroll-ltd"}}"""));
        var body = await issued.Content.ReadFromJsonAsync<JsonElement>();
        var (id, secret) = (body.GetProperty("id").GetString()!, body.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.NoContent, await App.StatusAsync(HttpMethod.Delete, $"/api/v1/keys/{id}", PlatformApp.AdminKey));

        var trail = await TrailAsync($"/api/v1/keys/{id}", PlatformApp.AdminKey);
        Assert.Equal(["revoked 'Payroll export' (role employer)", "issued 'Payroll export': role employer, scope {\"employerId\":\"payroll-ltd\"}, expires never"],
            trail.Select(Summary));
        Assert.DoesNotContain(secret[^43..], string.Join("\n", trail.Select(e => e.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALongTrail_IsReadWhole_APageAtATime_NewestFirst()
    {
        const string resource = "/api/v1/charters/audit-paging";
        var trail = App.Grains.GetAuditTrail(resource + "-" + Guid.NewGuid().ToString("N")[..8]);
        const int count = 450; // two sealed segments and more
        for (var i = 1; i <= count; i++)
        {
            var entry = await trail.RecordAsync(new RecordAudit(new AuditActor("admin", "admin"), $"PUT {resource}", $"change {i}", AuditKinds.Write, 200));
            Assert.Equal(i, entry.Sequence);
        }

        var name = trail.GetPrimaryKeyString();
        var seen = new List<long>();
        var next = $"/api/v1/audit?resource={Uri.EscapeDataString(name)}&limit=100";
        while (next is not null)
        {
            using var response = await App.Http.GetAsync(new Uri(next, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.AddRange((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        }

        Assert.Equal(Enumerable.Range(1, count).Reverse().Select(i => (long)i), seen);
        var middle = await trail.ReadAsync(3, before: 202);
        Assert.Equal(["change 201", "change 200", "change 199"], middle.Entries.Select(e => e.Summary));
    }

    private async Task<List<JsonElement>> TrailAsync(string resource, string key)
    {
        using var response = await App.SendAsync(HttpMethod.Get, $"/api/v1/audit?resource={Uri.EscapeDataString(resource)}", key);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body.EnumerateArray().ToList();
    }

    private async Task<string> KeyIdAsync(string key)
    {
        using var me = await App.SendAsync(HttpMethod.Get, "/api/v1/me", key);
        return (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keyId").GetString()!;
    }

    private static string Summary(JsonElement entry) => entry.GetProperty("summary").GetString()!;

    private static string Profile(string name, int headcount) =>
        $$"""{"name":"{{name}}","sites":[{"localAuthority":"E08000003","headcount":{{headcount}}}]}""";

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];
}
