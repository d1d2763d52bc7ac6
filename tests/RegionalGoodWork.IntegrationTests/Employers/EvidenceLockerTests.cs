using RegionalGoodWork.IntegrationTests.Shared;
using System.Net;
using System.Text.Json;
using static RegionalGoodWork.IntegrationTests.Employers.EmployersApp;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>The append-only evidence locker: current values, sources, history, and all-or-nothing batches.</summary>
[Collection(Collections.Employers)]
public sealed class EvidenceLockerTests(EmployersApp app)
{
    [Fact]
    public async Task PartnerVerifiedItem_OutranksANewerSelfDeclaredOne()
    {
        var charter = await app.CharterAsync(["member"], [("all-paid", "member", Rules.AllStaffPaidRlw)]);
        var employer = await app.EmployerAsync();
        await app.JoinAsync(employer, charter);
        var (_, verified) = await app.SubmitAsync(employer,
            """[{"kind":"pay.share-staff-paid-rlw","value":100,"effectiveFrom":"2026-04-01","source":"partner-verified"}]""");

        var (status, claim) = await app.SubmitAsync(employer, """[{"kind":"pay.share-staff-paid-rlw","value":60}]""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("member", "member"), (Str(claim.GetProperty("memberships")[0], "tierBefore"), Str(claim.GetProperty("memberships")[0], "tierAfter")));
        var current = (await app.GetAsync($"/api/v1/employers/{employer}/evidence")).EnumerateArray().Single();
        Assert.Equal(verified.GetProperty("accepted")[0].GetProperty("id").GetString(), current.GetProperty("id").GetString());
        Assert.Equal((100m, "partner-verified"), (current.GetProperty("value").GetDecimal(), current.GetProperty("source").GetString()));
        Assert.Equal(2, (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).GetArrayLength());
    }

    [Fact]
    public async Task Correction_BecomesCurrentAndHistoryKeepsEveryItem()
    {
        var employer = await app.EmployerAsync();
        await app.SubmitAsync(employer, """[{"kind":"pay.share-staff-paid-rlw","value":80,"note":"typo"}]""");

        await app.SubmitAsync(employer, """[{"kind":"pay.share-staff-paid-rlw","value":85,"note":"corrected"}]""");

        var current = (await app.GetAsync($"/api/v1/employers/{employer}/evidence")).EnumerateArray().ToList();
        var history = (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).EnumerateArray().ToList();
        Assert.Equal([85m], current.Select(i => i.GetProperty("value").GetDecimal()));
        Assert.Equal([(80m, false), (85m, true)], history.Select(i => (i.GetProperty("value").GetDecimal(), i.GetProperty("current").GetBoolean())));
        Assert.All(history, i => Assert.Equal(("self-declared", "admin", "2026-05-01", "2027-05-01"),
            (i.GetProperty("source").GetString(), i.GetProperty("submittedBy").GetString(), i.GetProperty("effectiveFrom").GetString(),
                i.GetProperty("validUntil").GetString())));
    }

    public static TheoryData<string, string, string> BadItems => new()
    {
        { "unknown kind", """{"kind":"pay.no-such-kind","value":true}""", "items[1].kind" },
        { "wrong type", """{"kind":"pay.rlw-accredited","value":"yes"}""", "items[1].value" },
        { "percent out of range", """{"kind":"pay.share-staff-paid-rlw","value":101}""", "items[1].value" },
        { "valid-until before effective date", """{"kind":"pay.rlw-accredited","value":true,"effectiveFrom":"2026-05-01","validUntil":"2026-04-01"}""", "items[1].validUntil" },
        { "not a date", """{"kind":"pay.rlw-accredited","value":true,"effectiveFrom":"1 May 2026"}""", "items[1].effectiveFrom" },
        { "unknown source", """{"kind":"pay.rlw-accredited","value":true,"source":"hearsay"}""", "items[1].source" },
    };

    [Theory]
    [MemberData(nameof(BadItems))]
    public async Task BatchWithOneBadItem_Answers400NamingItAndStoresNothing(string why, string badItem, string field)
    {
        var employer = await app.EmployerAsync();

        var (status, body) = await app.SubmitAsync(employer, $$"""[{"kind":"flex.flexible-from-day-one","value":true},{{badItem}}]""");

        Assert.True(status == HttpStatusCode.BadRequest, why);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Equal([field], body.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).GetArrayLength());
    }

    [Fact]
    public async Task BatchWithSeveralBadItems_ListsEveryProblem()
    {
        var employer = await app.EmployerAsync();

        var (status, body) = await app.SubmitAsync(employer,
            """[{"kind":"nope.nope","value":1},{"kind":"pay.share-staff-paid-rlw","value":-1},{"kind":"pay.rlw-accredited"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["items[0].kind", "items[1].value", "items[2].value"],
            body.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task UnknownEmployer_Answers404EverywhereAndIsNotCreated()
    {
        var employer = NewId("ghost");

        var (submit, _) = await app.SubmitAsync(employer, """[{"kind":"pay.rlw-accredited","value":true}]""");
        var join = await app.SendAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", """{"charterId":"gm-gec"}""");
        var reads = await Task.WhenAll(
            app.TryGetAsync($"/api/v1/employers/{employer}/evidence"),
            app.TryGetAsync($"/api/v1/employers/{employer}/memberships"),
            app.TryGetAsync($"/api/v1/employers/{employer}/evidence-requests"),
            app.TryGetAsync($"/api/v1/employers/{employer}"));

        Assert.Equal(HttpStatusCode.NotFound, submit);
        Assert.Equal(HttpStatusCode.NotFound, join.StatusCode);
        Assert.All(reads, r => Assert.Equal(HttpStatusCode.NotFound, r.Status));
    }

    [Fact]
    public async Task JoiningAnUnknownCharter_Answers404AndAnUnpublishedOne409_NothingStored()
    {
        var employer = await app.EmployerAsync();
        var draftOnly = await app.CharterAsync(["member"], [("rlw", "member", Rules.RlwAccredited)], publish: false);

        var unknown = await app.SendAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{NewId("nosuch")}}"}""");
        var unpublished = await app.SendAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{draftOnly}}"}""");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, unpublished.StatusCode);
        Assert.Equal(0, (await app.GetAsync($"/api/v1/employers/{employer}/memberships")).GetArrayLength());
    }

    [Fact]
    public async Task ProfileWithAnUnknownLocalAuthority_Answers400AndStoresNothing()
    {
        var employer = NewId("emp");

        var response = await app.SendAsync(HttpMethod.Put, $"/api/v1/employers/{employer}",
            """{"name":"Nowhere Ltd","sites":[{"localAuthority":"E08000003","headcount":5},{"localAuthority":"E09999999","headcount":5}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["sites[1].localAuthority"], (await BodyAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await app.TryGetAsync($"/api/v1/employers/{employer}")).Status);
    }

    [Fact]
    public async Task ProfileUpdateWithBadSites_Answers400AndKeepsTheStoredProfile()
    {
        var employer = await app.EmployerAsync(headcount: 12);

        var response = await app.SendAsync(HttpMethod.Put, $"/api/v1/employers/{employer}",
            """{"name":"Renamed","sites":[{"localAuthority":"E08000003","headcount":0},{"localAuthority":"E08000003","headcount":2.5},{"localAuthority":"E99000001","headcount":3}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["sites[0].headcount", "sites[1].headcount", "sites[2].localAuthority"],
            (await BodyAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var profile = await app.GetAsync($"/api/v1/employers/{employer}");
        Assert.Equal(($"Employer {employer}", 12), (profile.GetProperty("name").GetString(), profile.GetProperty("sites")[0].GetProperty("headcount").GetInt32()));
    }

    [Fact]
    public async Task Profile_RoundTripsAndUpdatesInPlace()
    {
        var employer = NewId("emp");

        var created = await app.SendAsync(HttpMethod.Put, $"/api/v1/employers/{employer.ToUpperInvariant()}",
            """{"name":"Acme Ltd","companyNumber":"sc123456","sicCodes":["56101"],"sites":[{"localAuthority":"E08000003","headcount":30},{"localAuthority":"E08000001","headcount":10}]}""");
        var updated = await app.SendAsync(HttpMethod.Put, $"/api/v1/employers/{employer}",
            """{"name":"Acme Group","sites":[{"localAuthority":"E08000003","headcount":35}]}""");
        var profile = await app.GetAsync($"/api/v1/employers/{employer}");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (created.StatusCode, updated.StatusCode));
        Assert.Equal((employer, "Acme Group", JsonValueKind.Null, 35),
            (profile.GetProperty("id").GetString(), profile.GetProperty("name").GetString(), profile.GetProperty("companyNumber").ValueKind,
                profile.GetProperty("totalHeadcount").GetInt32()));
    }

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
}
