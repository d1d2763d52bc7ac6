using System.Net;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Charters;

/// <summary>Taxonomy and charters through HTTP. Each test uses its own charter ids and kinds: they share one platform.</summary>
[Collection(Collections.Platform)]
public sealed class ChartersHttpTests(PlatformFixture fixture)
{
    private PlatformApp App => fixture.App;

    [Fact]
    public async Task DemoCharters_SeededAtStart_AreListedWithVersionOne()
    {
        using var list = await GetJsonAsync("/api/v1/charters", App.Anonymous);

        var charters = list.RootElement.EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!);
        foreach (var id in new[] { "gm-gec", "lcr-fec", "london-gws", "ne-gwp" })
        {
            Assert.Equal(1, charters[id].GetProperty("latestVersion").GetInt32());
        }

        Assert.Equal("E47000001", charters["gm-gec"].GetProperty("owner").GetString());
        Assert.Equal(["supporter", "member"], charters["gm-gec"].GetProperty("tiers").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Alignment_OfGreaterManchesterAndLondon_ShowsTheZeroHoursConflictAndTheSharedLivingWageKinds()
    {
        using var report = await GetJsonAsync("/api/v1/alignment?charters=gm-gec,london-gws", App.Anonymous);

        var shared = report.RootElement.GetProperty("sharedKinds").EnumerateArray().ToDictionary(k => k.GetProperty("kind").GetString()!);
        var zeroHours = shared["conditions.zero-hours-share"];
        Assert.True(zeroHours.GetProperty("conflict").GetBoolean());
        Assert.Equal("london-gws", zeroHours.GetProperty("strictest").GetProperty("charterId").GetString());
        Assert.Equal("no-zero-hours", zeroHours.GetProperty("strictest").GetProperty("requirementId").GetString());
        Assert.Contains(zeroHours.GetProperty("relations").EnumerateArray(), r => r.GetProperty("relation").GetString() == "looser");
        Assert.Contains("pay.rlw-accredited", shared.Keys);
        Assert.Contains("pay.share-staff-paid-rlw", shared.Keys);
        var use = shared["pay.rlw-accredited"].GetProperty("usedBy")[0];
        Assert.Equal("pay.rlw-accredited", use.GetProperty("rule").GetProperty("kind").GetString());
        Assert.Equal(["gm-gec", "london-gws"], report.RootElement.GetProperty("charters").EnumerateArray().Select(c => c.GetString()));
        Assert.True(report.RootElement.GetProperty("unique").GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("/api/v1/alignment?charters=gm-gec,no-such-charter", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/alignment?charters=gm-gec", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/alignment?charters=gm-gec,gm-gec", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/alignment", HttpStatusCode.BadRequest)]
    public async Task Alignment_UnknownOrTooFewCharters_IsRefused(string path, HttpStatusCode expected)
    {
        using var response = await App.Anonymous.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Publish_NumbersVersionsAndAPublishedVersionNeverChanges()
    {
        const string id = "it-immutable";
        await PutDraftExpectingAsync(id, Charter("Immutable v1", 14), HttpStatusCode.OK);
        using var first = await PostAsync($"/api/v1/charters/{id}/publish");
        using var firstBody = JsonDocument.Parse(await first.Content.ReadAsStringAsync());

        using var put = await SendAsync(HttpMethod.Put, $"/api/v1/charters/{id}/versions/1", Charter("Changed in place", 99));
        using var delete = await SendAsync(HttpMethod.Delete, $"/api/v1/charters/{id}/versions/1", null);
        using var againWithoutDraft = await PostAsync($"/api/v1/charters/{id}/publish");
        await PutDraftExpectingAsync(id, Charter("Immutable v2", 28), HttpStatusCode.OK);
        using var second = await PostAsync($"/api/v1/charters/{id}/publish");
        using var version1 = await GetJsonAsync($"/api/v1/charters/{id}/versions/1");
        using var latest = await GetJsonAsync($"/api/v1/charters/{id}");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(id, firstBody.RootElement.GetProperty("charterId").GetString());
        Assert.Equal(1, firstBody.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, againWithoutDraft.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("Immutable v1", version1.RootElement.GetProperty("name").GetString());
        Assert.Equal(14, version1.RootElement.GetProperty("requirements")[0].GetProperty("rule").GetProperty("value").GetInt32());
        Assert.Equal(2, latest.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("Immutable v2", latest.RootElement.GetProperty("name").GetString());
        Assert.Equal([1, 2], latest.RootElement.GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public async Task Publish_WithNoDraft_Answers409()
    {
        using var response = await PostAsync("/api/v1/charters/it-never-drafted/publish");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Draft_WithManyProblems_Answers400WithEveryProblemAndStoresNothing()
    {
        const string id = "it-rejected";
        const string bad = """
            {"name":"Rejected","owner":"E47000001","tiers":["t","t"],"requirements":[
              {"id":"a","title":"A","tier":"nope","principle":"fair-pay","rule":{"kind":"no.such-kind","op":"eq","value":true}},
              {"id":"a","title":"A","tier":"t","principle":"money","rule":{"anyOf":[]}},
              {"id":"b","title":"B","tier":"t","rule":{"atLeast":3,"of":[{"kind":"pay.rlw-accredited","op":"present","value":true}]}},
              {"id":"c","title":"C","tier":"t","rule":{"kind":"conditions.shift-notice-days","op":"around","value":"soon"}},
              {"id":"d","title":"D","tier":"t","rule":{"kind":"pay.contractors-rlw","op":"in","value":"all"}}]}
            """;

        using var response = await SendAsync(HttpMethod.Put, $"/api/v1/charters/{id}/draft", bad);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        using var draft = await App.Http.GetAsync(new Uri($"/api/v1/charters/{id}/draft", UriKind.Relative));
        using var charter = await App.Http.GetAsync(new Uri($"/api/v1/charters/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var fields = problem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "tiers[1]", "requirements[0].tier", "requirements[0].rule.kind", "requirements[1].id", "requirements[1].principle",
            "requirements[1].rule.anyOf", "requirements[2].rule.atLeast", "requirements[2].rule.of[0].value",
            "requirements[3].rule.op", "requirements[3].rule.value", "requirements[4].rule.value",
        }, fields);
        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, charter.StatusCode);
        Assert.Null(await App.Grains.GetCharter(id).GetDraftAsync());
    }

    [Fact]
    public async Task Draft_RejectedAfterAGoodOne_LeavesTheGoodDraftInPlace()
    {
        const string id = "it-keeps-draft";
        await PutDraftExpectingAsync(id, Charter("Good draft", 14), HttpStatusCode.OK);

        await PutDraftExpectingAsync(id, Charter("Bad draft", -3), HttpStatusCode.BadRequest);
        using var draft = await GetJsonAsync($"/api/v1/charters/{id}/draft");

        Assert.Equal("Good draft", draft.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Draft_WithABadCharterId_Answers400NamingIt()
    {
        using var response = await SendAsync(HttpMethod.Put, "/api/v1/charters/Not_A_Slug/draft", Charter("Bad id", 14));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("charterId", out _));
    }

    [Fact]
    public async Task CharterAddedThroughTheApiAlone_WithARunTimeKind_IsEvaluatedCorrectly()
    {
        const string id = "it-annualised";
        using var kind = await SendAsync(HttpMethod.Put, "/api/v1/evidence-kinds/conditions.it-annualised-hours-share", """
            {"principle":"fair-conditions","type":"percent","unit":"%","validityMonths":12,"verifiers":[],
             "description":"Share of staff on annualised-hours contracts."}
            """);
        Assert.Equal(HttpStatusCode.Created, kind.StatusCode);
        await PutDraftExpectingAsync(id, """
            {"name":"Annualised hours charter","owner":"E47000004","tiers":["signed","member","leader"],"requirements":[
              {"id":"rlw","title":"RLW","tier":"member","principle":"fair-pay",
               "rule":{"anyOf":[{"kind":"pay.rlw-accredited","op":"eq","value":true},{"kind":"pay.share-staff-paid-rlw","op":"gte","value":100}]}},
              {"id":"annualised","title":"Few annualised contracts","tier":"leader","principle":"fair-conditions",
               "rule":{"allOf":[{"kind":"conditions.it-annualised-hours-share","op":"lte","value":10},
                                {"atLeast":2,"of":[{"kind":"voice.employee-forum","op":"eq","value":true},
                                                   {"kind":"voice.staff-survey-annual","op":"eq","value":true},
                                                   {"kind":"voice.trade-union-recognised","op":"eq","value":true}]}]}}]}
            """, HttpStatusCode.OK);
        using var published = await PostAsync($"/api/v1/charters/{id}/publish");
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);

        var joining = await AssessAsync(id, "{}");
        var member = await AssessAsync(id, """{"pay.share-staff-paid-rlw":100,"conditions.it-annualised-hours-share":10,"voice.employee-forum":true}""");
        var leader = await AssessAsync(id, """{"pay.rlw-accredited":true,"conditions.it-annualised-hours-share":10,"voice.employee-forum":true,"voice.staff-survey-annual":true}""");
        var tooMany = await AssessAsync(id, """{"pay.rlw-accredited":true,"conditions.it-annualised-hours-share":10.5,"voice.employee-forum":true,"voice.staff-survey-annual":true}""");

        Assert.Equal(("signed", "member"), joining);
        Assert.Equal(("member", "leader"), member);
        Assert.Equal(("leader", null), leader);
        Assert.Equal(("member", "leader"), tooMany);

        // The Employers module's path: the immutable version from the grain, assessed in process.
        var version = await App.Grains.GetCharter(id).GetVersionAsync(1);
        var evidence = new Dictionary<string, EvidenceFact>
        {
            ["pay.rlw-accredited"] = new(RegionalGoodWork.Taxonomy.Contracts.EvidenceValue.FromBool(true), "item-1"),
        };
        var assessment = CharterEvaluator.Assess(version!, evidence);
        Assert.Equal("member", assessment.Tier);
        Assert.Equal(["item-1"], assessment.Requirements.Single(r => r.RequirementId == "rlw").EvidenceItemIds);
        Assert.Equal(1, await App.Grains.GetCharter(id).GetLatestVersionNumberAsync());
    }

    [Fact]
    public async Task EvidenceKind_PutTwice_IsCreatedThenUpdatedAndReadBack()
    {
        const string path = "/api/v1/evidence-kinds/learning.it-mentoring-share";
        using var created = await SendAsync(HttpMethod.Put, path, """
            {"principle":"learning","type":"percent","unit":"%","validityMonths":12,"verifiers":[],"description":"Staff with a mentor."}
            """);
        using var updated = await SendAsync(HttpMethod.Put, path, """
            {"id":"learning.it-mentoring-share","principle":"learning","type":"percent","unit":"%","validityMonths":24,
             "verifiers":["hr-provider"],"description":"Staff with a mentor or coach."}
            """);
        using var retyped = await SendAsync(HttpMethod.Put, path, """
            {"principle":"learning","type":"count","validityMonths":24,"verifiers":[],"description":"Mentors."}
            """);
        using var bad = await SendAsync(HttpMethod.Put, "/api/v1/evidence-kinds/learning.it-bad", """
            {"principle":"nope","type":"ratio","validityMonths":0}
            """);
        using var badProblem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync());
        using var kind = await GetJsonAsync(path);
        using var all = await GetJsonAsync("/api/v1/evidence-kinds");
        using var missing = await App.Anonymous.GetAsync(new Uri("/api/v1/evidence-kinds/learning.it-bad", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retyped.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(
            new[] { "description", "principle", "type", "validityMonths" },
            badProblem.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(24, kind.RootElement.GetProperty("validityMonths").GetInt32());
        Assert.Equal("percent", kind.RootElement.GetProperty("type").GetString());
        Assert.Equal(["hr-provider"], kind.RootElement.GetProperty("verifiers").EnumerateArray().Select(v => v.GetString()));
        Assert.Contains(all.RootElement.EnumerateArray(), k => k.GetProperty("id").GetString() == "learning.it-mentoring-share");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Principles_AreTheTen()
    {
        using var principles = await GetJsonAsync("/api/v1/principles", App.Anonymous);

        Assert.Equal(10, principles.RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("PUT", "/api/v1/charters/it-anonymous/draft")]
    [InlineData("POST", "/api/v1/charters/gm-gec/publish")]
    [InlineData("PUT", "/api/v1/evidence-kinds/pay.it-anonymous")]
    public async Task Writes_WithoutTheAdminKey_Answer401(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };

        using var response = await App.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Members_OfASeededCharter_AreListedAndOfAnUnknownOne404()
    {
        await App.Grains.GetCharter("ne-gwp").UpdateMemberAsync("it-member-ltd", "standard", new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero), 1, 1);

        using var members = await GetJsonAsync("/api/v1/charters/ne-gwp/members");
        using var unknown = await App.Anonymous.GetAsync(new Uri("/api/v1/charters/it-nobody/members", UriKind.Relative));

        var member = Assert.Single(members.RootElement.EnumerateArray(), m => m.GetProperty("employerId").GetString() == "it-member-ltd");
        Assert.Equal("standard", member.GetProperty("tier").GetString());
        Assert.StartsWith("2026-05-01", member.GetProperty("since").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static string Charter(string name, int noticeDays) => $$$"""
        {"name":"{{{name}}}","owner":"E47000001","tiers":["member"],"requirements":[
          {"id":"notice","title":"Notice","tier":"member","principle":"fair-conditions",
           "rule":{"kind":"conditions.shift-notice-days","op":"gte","value":{{{noticeDays}}}}}]}
        """;

    private async Task<(string? Tier, string? NextTier)> AssessAsync(string charterId, string evidence)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/v1/charters/{charterId}/assess", "{\"evidence\":" + evidence + "}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var body = JsonDocument.Parse(text);
        return (body.RootElement.GetProperty("tier").GetString(), body.RootElement.GetProperty("nextTier").GetString());
    }

    private async Task PutDraftExpectingAsync(string charterId, string json, HttpStatusCode expected)
    {
        using var response = await SendAsync(HttpMethod.Put, $"/api/v1/charters/{charterId}/draft", json);
        Assert.True(response.StatusCode == expected, $"draft {charterId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await App.Http.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAsync(string path) => SendAsync(HttpMethod.Post, path, null);

    /// <summary>GET with the admin key, or with <paramref name="client"/> (e.g. the anonymous one for public reads).</summary>
    private async Task<JsonDocument> GetJsonAsync(string path, HttpClient? client = null)
    {
        using var response = await (client ?? App.Http).GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }
}
