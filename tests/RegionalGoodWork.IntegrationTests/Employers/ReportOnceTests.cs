using RegionalGoodWork.IntegrationTests.Shared;
using System.Net;
using System.Text.Json;
using static RegionalGoodWork.IntegrationTests.Employers.EmployersApp;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>Report once: one evidence item counts in every charter the employer belongs to, in one state write.</summary>
[Collection(Collections.Employers)]
public sealed class ReportOnceTests(EmployersApp app)
{
    [Fact]
    public async Task OneItem_InThreeCharters_RaisesEachTierAndNamesTheItem()
    {
        var a = await app.CharterAsync(["supporter", "member"], [("rlw", "supporter", Rules.RlwAccredited), ("flex", "member", Rules.FlexibleFromDayOne)]);
        var b = await app.CharterAsync(["member"], [("living-wage", "member", Rules.RlwEither)]);
        var c = await app.CharterAsync(["aspiring", "accredited"], [("pay", "accredited", Rules.RlwAccredited)]);
        var employer = await app.EmployerAsync();
        await app.JoinAsync(employer, a, b, c);

        var (status, body) = await app.SubmitAsync(employer, """[{"kind":"pay.rlw-accredited","value":true}]""");

        Assert.Equal(HttpStatusCode.OK, status);
        var itemId = body.GetProperty("accepted")[0].GetProperty("id").GetString()!;
        var moves = body.GetProperty("memberships").EnumerateArray()
            .ToDictionary(m => m.GetProperty("charterId").GetString()!, m => (Before: Str(m, "tierBefore"), After: Str(m, "tierAfter")));
        Assert.Equal((null, "supporter"), moves[a]);
        Assert.Equal((null, "member"), moves[b]);
        Assert.Equal(("aspiring", "accredited"), moves[c]);
        foreach (var (charterId, requirementId) in new[] { (a, "rlw"), (b, "living-wage"), (c, "pay") })
        {
            var membership = await app.MembershipAsync(employer, charterId);
            Assert.Equal([itemId], membership.GetProperty("evidence").GetProperty(requirementId).EnumerateArray().Select(e => e.GetString()));
            Assert.Contains(requirementId, membership.GetProperty("met").EnumerateArray().Select(e => e.GetString()));
        }
    }

    [Fact]
    public async Task Submission_ForAnEmployerInThreeCharters_IsOneStateWrite()
    {
        var charters = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            charters.Add(await app.CharterAsync(["member"], [("rlw", "member", Rules.RlwAccredited)]));
        }

        var employer = await app.EmployerAsync();
        await app.JoinAsync(employer, [.. charters]);
        var before = await StateVersionAsync(employer);

        var (status, _) = await app.SubmitAsync(employer, """[{"kind":"pay.rlw-accredited","value":true},{"kind":"flex.flexible-from-day-one","value":true}]""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(before + 1, await StateVersionAsync(employer));
    }

    [Fact]
    public async Task MemberIndex_FollowsJoinTierAndWithdrawal()
    {
        var charter = await app.CharterAsync(["member"], [("rlw", "member", Rules.RlwAccredited)]);
        var employer = await app.EmployerAsync();
        await app.JoinAsync(employer, charter);
        var joined = await MemberAsync(charter, employer);

        await app.SubmitAsync(employer, """[{"kind":"pay.rlw-accredited","value":true}]""");
        var member = await MemberAsync(charter, employer);
        var withdrawn = await app.SendAsync(HttpMethod.Delete, $"/api/v1/employers/{employer}/memberships/{charter}");
        var after = await MemberAsync(charter, employer);

        Assert.True(joined is { } j && j.GetProperty("tier").ValueKind == JsonValueKind.Null);
        Assert.Equal("member", member?.GetProperty("tier").GetString());
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Null(after);
        var kept = await app.MembershipAsync(employer, charter);
        Assert.Equal(("withdrawn", "member"), (kept.GetProperty("status").GetString(), Tier(kept)));
    }

    [Fact]
    public async Task EvidenceRequests_SameKindNeededByThreeCharters_ListedOnceFirstWithEveryCharter()
    {
        var a = await app.CharterAsync(["supporter", "member"], [("rlw", "supporter", Rules.RlwAccredited), ("notice", "member", Rules.ShiftNotice(7))]);
        var b = await app.CharterAsync(["member"], [("living-wage", "member", Rules.RlwEither), ("flex", "member", Rules.FlexibleFromDayOne)]);
        var c = await app.CharterAsync(["foundation"], [("pay", "foundation", Rules.RlwAccredited)]);
        var employer = await app.EmployerAsync();
        await app.JoinAsync(employer, a, b, c);

        var requests = (await app.GetAsync($"/api/v1/employers/{employer}/evidence-requests")).EnumerateArray().ToList();

        var kinds = requests.Select(r => r.GetProperty("kind").GetString()).ToList();
        Assert.Equal(kinds.Distinct().Count(), kinds.Count);
        Assert.Equal("pay.rlw-accredited", kinds[0]);
        Assert.Equal(new[] { $"{a}:rlw", $"{b}:living-wage", $"{c}:pay" }.Order(StringComparer.Ordinal),
            requests[0].GetProperty("advances").EnumerateArray()
                .Select(x => $"{x.GetProperty("charterId").GetString()}:{x.GetProperty("requirementId").GetString()}").Order(StringComparer.Ordinal));
        Assert.Contains("flex.flexible-from-day-one", kinds);
        Assert.DoesNotContain("conditions.shift-notice-days", kinds); // a's notice is for the tier after next
    }

    [Fact]
    public async Task TwoConcurrentSubmissions_ToOneEmployer_AreBothKept()
    {
        var employer = await app.EmployerAsync();

        var results = await Task.WhenAll(
            app.SubmitAsync(employer, """[{"kind":"pay.share-staff-paid-rlw","value":91}]"""),
            app.SubmitAsync(employer, """[{"kind":"flex.flexible-from-day-one","value":true}]"""));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var history = (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).EnumerateArray().ToList();
        Assert.Equal(["flex.flexible-from-day-one", "pay.share-staff-paid-rlw"], history.Select(i => i.GetProperty("kind").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(2, history.Select(i => i.GetProperty("id").GetString()).Distinct().Count());
    }

    private async Task<JsonElement?> MemberAsync(string charterId, string employerId) =>
        (await app.GetAsync($"/api/v1/charters/{charterId}/members")).EnumerateArray()
        .Where(m => m.GetProperty("employerId").GetString() == employerId)
        .Select(m => (JsonElement?)m)
        .SingleOrDefault();

    private Task<int> StateVersionAsync(string employerId) =>
        app.Platform.Database!.ScalarAsync<int>($"SELECT version FROM rgw_grain_state WHERE grain_key = '{employerId}'");

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
}
