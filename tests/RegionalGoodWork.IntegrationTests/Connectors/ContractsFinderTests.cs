using System.Net;
using System.Text.Json;
using System.Web;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Connectors;

/// <summary>
/// The <c>contracts-finder</c> connector against a stub of Contracts Finder's OCDS search serving the 73 real award notices
/// (30 a page): every page is followed, awards are linked to the employers holding their suppliers' Companies House
/// numbers and listed at <c>GET /employers/{id}/contracts</c>, a re-run changes nothing, malformed ids are reported and not
/// linked, and the councils' and region's share of awarded value going to charter members is served under disclosure
/// control. The notices' real company numbers are used by one test each (one platform for this class).
/// </summary>
[Collection(ContractsFinderCollection.Name)]
public sealed class ContractsFinderTests(ContractsFinderApp fixture)
{
    private const string Indicator = "share-awarded-value-to-members";

    private PlatformApp App => fixture.App;

    private PartnerStub Stub => fixture.Stub;

    [Fact]
    public async Task Sync_FollowsEveryPage_LinksTheAwardToTheEmployer_AndARerunChangesNothing()
    {
        var arco = ConnectorRequests.NewId("cf-arco");
        await App.DefineEmployerAsync(arco, "00133804"); // ARCO LIMITED, one award on the second page
        Stub.Reset(OcdsSearch.Serve(Stub.BaseUrl));

        var first = await App.SyncAsync(ContractsFinderApp.Id);
        var firstRequests = Stub.Requests.Select(r => r.Path).ToList();
        Stub.Reset(OcdsSearch.Serve(Stub.BaseUrl));
        var second = await App.SyncAsync(ContractsFinderApp.Id);
        var contracts = await App.GetJsonAsync<JsonElement>($"/api/v1/employers/{arco}/contracts");

        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal(OcdsSearch.Count, first.GetProperty("read").GetInt32()); // 73 awards, one per notice
        Assert.Equal(3, firstRequests.Count); // 30 + 30 + 13, through links.next
        Assert.Contains("cursor=60", firstRequests[2], StringComparison.Ordinal);
        Assert.True(first.GetProperty("changed").GetInt32() >= 1);
        Assert.Equal(136, first.GetProperty("notLinked").GetProperty("GB-CQC").GetInt32()); // care providers: another scheme, not guessed
        Assert.True(first.GetProperty("unmatched").GetInt32() > 100); // numbers no employer holds: counted, not stored

        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        Assert.Equal(OcdsSearch.Count, second.GetProperty("read").GetInt32());
        Assert.Equal(0, second.GetProperty("changed").GetInt32());
        // The second run asks from where the first ended.
        Assert.Equal(Query(firstRequests[0])["publishedTo"], Query(Stub.Requests[0].Path)["publishedFrom"]);

        var award = Assert.Single(contracts.EnumerateArray());
        Assert.Equal("ocds-b5fd17suppliermatch-05f40f94-d51d-4eb9-b288-55b849f9aa26", award.GetProperty("ocid").GetString());
        Assert.Equal("dee5664f-24cd-43f5-8b73-350bcc6974f3", award.GetProperty("awardId").GetString());
        Assert.Equal("CENTRE FOR PROCESS INNOVATION LIMITED", award.GetProperty("buyer").GetString());
        Assert.Equal(300000m, award.GetProperty("value").GetDecimal());
        Assert.Equal("GBP", award.GetProperty("currency").GetString());
        Assert.StartsWith("2020-03-03", award.GetProperty("date").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedCompaniesHouseId_IsReportedAndNotLinked_AndANumberWithoutItsLeadingZeroIsLinked()
    {
        var (pall, sartorius) = (ConnectorRequests.NewId("cf-pall"), ConnectorRequests.NewId("cf-sart"));
        await App.DefineEmployerAsync(pall, "07211681");
        await App.DefineEmployerAsync(sartorius, "06026124");
        Stub.Reset(OcdsSearch.Serve(Stub.BaseUrl, OcdsSearch.SupplierId(("PALL EUROPE LIMITED", "PALL-EUROPE"), ("SARTORIUS STEDIM UK LIMITED", " 6026124 "))));

        var run = await App.SyncAsync(ContractsFinderApp.Id);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(1, run.GetProperty("failed").GetInt32());
        Assert.Equal(1, run.GetProperty("notLinked").GetProperty("GB-COH (malformed)").GetInt32());
        var malformed = Assert.Single(run.GetProperty("malformed").EnumerateArray()).GetString();
        Assert.Contains("'PALL-EUROPE'", malformed, StringComparison.Ordinal);
        Assert.Contains("PALL EUROPE LIMITED", malformed, StringComparison.Ordinal);
        Assert.Empty((await App.GetJsonAsync<JsonElement>($"/api/v1/employers/{pall}/contracts")).EnumerateArray());
        var linked = Assert.Single((await App.GetJsonAsync<JsonElement>($"/api/v1/employers/{sartorius}/contracts")).EnumerateArray());
        Assert.Equal("ocds-b5fd17suppliermatch-23345f54-e7e3-4f6b-befb-6c9b52876bb8", linked.GetProperty("ocid").GetString());
    }

    [Fact]
    public async Task ACompaniesHouseIdAmongAdditionalIdentifiers_IsLinked()
    {
        var hamelin = ConnectorRequests.NewId("cf-hamelin");
        await App.DefineEmployerAsync(hamelin, "02650043"); // HAMELIN TRUST, a charitable company
        Stub.Reset(OcdsSearch.Serve(Stub.BaseUrl, OcdsSearch.CharityWithCompanyNumber("HAMELIN TRUST", "1008725")));

        var run = await App.SyncAsync(ContractsFinderApp.Id);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var award = Assert.Single((await App.GetJsonAsync<JsonElement>($"/api/v1/employers/{hamelin}/contracts")).EnumerateArray());
        Assert.Equal(1600000m, award.GetProperty("value").GetDecimal());
        Assert.Equal(800000m, award.GetProperty("attributedValue").GetDecimal()); // one of two suppliers
    }

    [Fact]
    public async Task A503ThenSuccess_IsRetried_AndTheRunSucceeds()
    {
        Stub.Reset(OcdsSearch.Serve(Stub.BaseUrl));
        Stub.Then(PartnerStub.Status(503));

        var run = await App.SyncAsync(ContractsFinderApp.Id);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(OcdsSearch.Count, run.GetProperty("read").GetInt32());
        Assert.Equal(4, Stub.Requests.Count); // the 503, its retry, and the two next pages
    }

    [Fact]
    public async Task AMalformedPage_FailsTheRunWithAWordedError_AndRecordsNothingFromEarlierPages()
    {
        var rsk = ConnectorRequests.NewId("cf-rsk");
        await App.DefineEmployerAsync(rsk, "SC115530"); // RSK ENVIRONMENT LIMITED, an award on the first page
        Stub.Reset(OcdsSearch.Serve(Stub.BaseUrl, page: (2, """{"releases": [{"ocid": "ocds-b5fd17""")));

        var run = await App.SyncAsync(ContractsFinderApp.Id);

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("malformed body", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, Stub.Requests.Count); // a 200 with a bad body is not retried, and nothing after it is asked
        Assert.Empty((await App.GetJsonAsync<JsonElement>($"/api/v1/employers/{rsk}/contracts")).EnumerateArray());

        Stub.Reset(OcdsSearch.Serve(Stub.BaseUrl, page: (1, """{"items": []}""")));
        var noReleases = await App.SyncAsync(ContractsFinderApp.Id);
        Assert.Equal("failed", noReleases.GetProperty("status").GetString());
        Assert.Contains("no \"releases\" list", noReleases.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANextLinkToAnotherHost_IsNotFollowed_AndTheRunFailsSayingSo()
    {
        Stub.Reset(OcdsSearch.Serve(Stub.BaseUrl, next: "http://127.0.0.2:9/Published/Notices/OCDS/Search?cursor=30"));

        var run = await App.SyncAsync(ContractsFinderApp.Id);

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("not under Connectors:contracts-finder:BaseUrl", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(Stub.Requests);
    }

    [Fact]
    public async Task TheShareOfAwardedValueToMembers_IsServedPerCouncilAndRegion_AndSuppressedBelowTheThreshold()
    {
        // Knowsley: the five suppliers of one £2m award (£400k each), three of them members, and a £150k non-member;
        // Liverpool: two £150k suppliers of another award, one a member — two suppliers, below the threshold of five.
        var knowsley = new (string Number, bool Member)[]
        {
            ("02317072", true), ("06740881", true), ("03578140", true), ("00836946", false), ("00570282", false), ("05841213", false),
        };
        var liverpool = new (string Number, bool Member)[] { ("OC311575", true), ("OC384033", false) };
        foreach (var (number, member) in knowsley)
        {
            await SupplierAsync(number, "E08000011", member);
        }

        foreach (var (number, member) in liverpool)
        {
            await SupplierAsync(number, "E08000012", member);
        }

        Stub.Reset(OcdsSearch.Serve(Stub.BaseUrl));
        Assert.Equal("succeeded", (await App.SyncAsync(ContractsFinderApp.Id)).GetProperty("status").GetString());
        var year = App.Clock.GetUtcNow().Year;

        var region = await Eventually.HoldsAsync(
            () => App.GetJsonAsync<JsonElement>($"/api/v1/regions/E47000004/indicators?year={year}"),
            r => Find(r).GetProperty("basis").GetProperty("employers").GetInt32() == 8, "the region's eight suppliers", TimeSpan.FromSeconds(30));
        var inKnowsley = Find(await App.GetJsonAsync<JsonElement>($"/api/v1/local-authorities/E08000011/indicators?year={year}"));
        var inLiverpool = Find(region.GetProperty("byLocalAuthority").EnumerateArray().Single(s => s.GetProperty("area").GetString() == "E08000012"));
        var inRegion = Find(region);

        Assert.Equal(6, inKnowsley.GetProperty("basis").GetProperty("employers").GetInt32());
        Assert.Equal(55.8m, inKnowsley.GetProperty("value").GetDecimal()); // £1.2m of £2.15m
        Assert.False(inKnowsley.GetProperty("suppressed").GetBoolean());
        Assert.Equal("percent", inKnowsley.GetProperty("unit").GetString());
        Assert.True(inLiverpool.GetProperty("suppressed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, inLiverpool.GetProperty("value").ValueKind); // suppressed, never 0
        Assert.Equal(2, inLiverpool.GetProperty("basis").GetProperty("employers").GetInt32());
        Assert.Equal(8, inRegion.GetProperty("basis").GetProperty("employers").GetInt32());
        Assert.Equal(55.1m, inRegion.GetProperty("value").GetDecimal()); // £1.35m of £2.45m
    }

    /// <summary>An employer with <paramref name="number"/> and 20 staff in <paramref name="council"/>; a member: in gm-gec, holding its tier.</summary>
    private async Task SupplierAsync(string number, string council, bool member)
    {
        var id = ConnectorRequests.NewId("cf-supplier");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{id}",
            $$"""{"name":"Supplier Ltd","companyNumber":"{{number}}","sites":[{"localAuthority":"{{council}}","headcount":20}]}""");
        if (member)
        {
            await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{id}/memberships", """{"charterId":"gm-gec"}""");
            await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{id}/evidence", """{"items":[{"kind":"pay.rlw-accredited","value":true}]}""");
            var memberships = await App.GetJsonAsync<JsonElement>($"/api/v1/employers/{id}/memberships");
            Assert.NotEqual(JsonValueKind.Null, memberships.EnumerateArray().Single().GetProperty("tier").ValueKind);
        }
    }

    private static JsonElement Find(JsonElement set) =>
        set.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("id").GetString() == Indicator);

    private static System.Collections.Specialized.NameValueCollection Query(string pathAndQuery) =>
        HttpUtility.ParseQueryString(new Uri(new Uri("http://stub"), pathAndQuery).Query);

    [Fact]
    public async Task TheContractsRoute_AnswersNotFoundForAnUnknownEmployer()
    {
        using var response = await App.SendAsync(HttpMethod.Get, "/api/v1/employers/cf-nobody-here/contracts", PlatformApp.AdminKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
