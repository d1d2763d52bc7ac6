using System.Net;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Charters;

/// <summary>
/// Impact before publishing (issue 14, item 3): <c>POST /charters/{id}/draft/impact</c> runs the draft against every member
/// and answers the moves by tier and by council, changing nothing; publishing then moves the members exactly so.
/// </summary>
[Collection(Collections.Platform)]
public sealed class DraftImpactTests(PlatformFixture fixture)
{
    private const string CharterId = "it-impact";
    private const string CouncilA = "E06900511";
    private const string CouncilB = "E06900512";

    private PlatformApp App => fixture.App;

    private static string Definition(int memberShare) => $$$"""
        {"name":"Impact charter","owner":"E47000001","tiers":["supporter","member"],"requirements":[
          {"id":"flex","title":"Flexible from day one","tier":"supporter","principle":"autonomy","rule":{"kind":"flex.flexible-from-day-one","op":"eq","value":true}},
          {"id":"rlw","title":"Staff paid the real Living Wage","tier":"member","principle":"fair-pay","rule":{"kind":"pay.share-staff-paid-rlw","op":"gte","value":{{{memberShare}}}}}]}
        """;

    [Fact]
    public async Task Impact_OfADraftRaisingAThreshold_AnswersTheMovesByTierAndCouncil_ChangesNothing_AndPublishingMovesTheMembersExactlySo()
    {
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/local-authorities/{CouncilA}", """{"name":"Impact Council A"}""");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/local-authorities/{CouncilB}", """{"name":"Impact Council B"}""");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/charters/{CharterId}/draft", Definition(90));
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/charters/{CharterId}/publish", "{}");

        // Before any new draft: nothing to run, as publishing answers.
        Assert.Equal(HttpStatusCode.Conflict, await App.StatusAsync(HttpMethod.Post, $"/api/v1/charters/{CharterId}/draft/impact", PlatformApp.AdminKey));

        // Members at every tier, in one council or both; one who left (not counted).
        var members = new (string Id, string[] Councils, string Evidence)[]
        {
            ("it-impact-all-paid", [CouncilA], """[{"kind":"pay.share-staff-paid-rlw","value":100},{"kind":"flex.flexible-from-day-one","value":true}]"""),
            ("it-impact-both-councils", [CouncilA, CouncilB], """[{"kind":"pay.share-staff-paid-rlw","value":95},{"kind":"flex.flexible-from-day-one","value":true}]"""),
            ("it-impact-most-paid", [CouncilB], """[{"kind":"pay.share-staff-paid-rlw","value":92},{"kind":"flex.flexible-from-day-one","value":true}]"""),
            ("it-impact-supporter", [CouncilB], """[{"kind":"flex.flexible-from-day-one","value":true}]"""),
            ("it-impact-no-tier", [CouncilA], """[{"kind":"pay.share-staff-paid-rlw","value":100}]"""),
        };
        foreach (var (id, councils, evidence) in members)
        {
            var sites = string.Join(",", councils.Select(c => $$"""{"localAuthority":"{{c}}","headcount":10}"""));
            await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{id}", $$"""{"name":"{{id}} Ltd","sites":[{{sites}}]}""");
            await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{id}/evidence", $$"""{"items":{{evidence}}}""");
            await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{id}/memberships", $$"""{"charterId":"{{CharterId}}"}""");
        }

        const string left = "it-impact-left";
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{left}", $$"""{"name":"Left Ltd","sites":[{"localAuthority":"{{CouncilA}}","headcount":10}]}""");
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{left}/memberships", $$"""{"charterId":"{{CharterId}}"}""");
        using (var withdrawn = await App.SendAsync(HttpMethod.Delete, $"/api/v1/employers/{left}/memberships/{CharterId}", PlatformApp.AdminKey))
        {
            Assert.True(withdrawn.IsSuccessStatusCode);
        }

        var ids = members.Select(m => m.Id).ToList();
        await Eventually.HoldsAsync(() => MemberIdsAsync(), m => m.SequenceEqual(ids.Order(StringComparer.Ordinal)), "the member index to list the five members");

        // The draft raises the member threshold from 90 % to 100 %.
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/charters/{CharterId}/draft", Definition(100));
        var before = await SnapshotAsync(ids.Append(left));
        var tiersBefore = await TiersAsync(ids);

        using var response = await App.SendAsync(HttpMethod.Post, $"/api/v1/charters/{CharterId}/draft/impact", PlatformApp.AdminKey, "{}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var impact = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = impact.RootElement;

        // The officer's table: every (from, to) pair, unchanged ones included, adding up to the members; no tier is null.
        Assert.Equal(5, root.GetProperty("members").GetInt32());
        Assert.Equal(2, root.GetProperty("moved").GetInt32());
        Assert.Equal(["-→- 1", "supporter→supporter 1", "member→supporter 2", "member→member 1"], Moves(root.GetProperty("moves")));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("moves")[0].GetProperty("from").ValueKind);
        var byCouncil = root.GetProperty("byLocalAuthority").EnumerateArray().ToList();
        Assert.Equal([CouncilA, CouncilB], byCouncil.Select(c => c.GetProperty("code").GetString()));
        Assert.Equal(["-→- 1", "member→supporter 1", "member→member 1"], Moves(byCouncil[0].GetProperty("moves")));
        Assert.Equal(["supporter→supporter 1", "member→supporter 2"], Moves(byCouncil[1].GetProperty("moves")));
        Assert.Equal([3, 3], byCouncil.Select(c => c.GetProperty("members").GetInt32()));

        // Nothing changed: memberships, member index, versions, the draft.
        Assert.Equal(before, await SnapshotAsync(ids.Append(left)));

        // Publish, wait for the fan-out: every member's move is what the impact said, overall and by council.
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/charters/{CharterId}/publish", "{}");
        var tiersAfter = await Eventually.HoldsAsync(() => TiersAsync(ids), t => t.Values.All(x => x.Version == 2), "every member to be on version 2",
            TimeSpan.FromSeconds(60));
        var published = ids.Select(id => (Id: id, From: tiersBefore[id].Tier, To: tiersAfter[id].Tier)).ToList();
        Assert.Equal(Moves(root.GetProperty("moves")), Tally(published));
        foreach (var council in byCouncil)
        {
            var code = council.GetProperty("code").GetString()!;
            var inCouncil = published.Where(p => members.Single(m => m.Id == p.Id).Councils.Contains(code)).ToList();
            Assert.Equal(Moves(council.GetProperty("moves")), Tally(inCouncil));
        }

        // The draft is published now: nothing left to run.
        Assert.Equal(HttpStatusCode.Conflict, await App.StatusAsync(HttpMethod.Post, $"/api/v1/charters/{CharterId}/draft/impact", PlatformApp.AdminKey));
    }

    private static List<string> Moves(JsonElement moves) =>
        moves.EnumerateArray().Select(m => $"{m.GetProperty("from").GetString() ?? "-"}→{m.GetProperty("to").GetString() ?? "-"} {m.GetProperty("count").GetInt32()}").ToList();

    /// <summary>The moves publishing made, in the impact's order (no tier, then the charter's tiers lowest first).</summary>
    private static List<string> Tally(IEnumerable<(string Id, string? From, string? To)> moves)
    {
        static int Rank(string? tier) => tier switch { null => -1, "supporter" => 0, _ => 1 };
        return moves.GroupBy(m => (m.From, m.To)).OrderBy(g => Rank(g.Key.From)).ThenBy(g => Rank(g.Key.To))
            .Select(g => $"{g.Key.From ?? "-"}→{g.Key.To ?? "-"} {g.Count()}").ToList();
    }

    private async Task<List<string>> MemberIdsAsync()
    {
        var members = await App.GetJsonAsync<JsonElement>($"/api/v1/charters/{CharterId}/members");
        return members.EnumerateArray().Select(m => m.GetProperty("employerId").GetString()!).ToList();
    }

    private async Task<Dictionary<string, (string? Tier, int Version)>> TiersAsync(IEnumerable<string> ids)
    {
        var tiers = new Dictionary<string, (string? Tier, int Version)>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var membership = (await App.GetJsonAsync<JsonElement>($"/api/v1/employers/{id}/memberships")).EnumerateArray()
                .Single(m => m.GetProperty("charterId").GetString() == CharterId);
            tiers[id] = (membership.GetProperty("tier").GetString(), membership.GetProperty("charterVersion").GetInt32());
        }

        return tiers;
    }

    /// <summary>What an impact run must leave as it was: every employer's memberships, the member index, the charter and its draft.</summary>
    private async Task<List<string>> SnapshotAsync(IEnumerable<string> ids)
    {
        var texts = new List<string>();
        foreach (var path in ids.Select(id => $"/api/v1/employers/{id}/memberships")
                     .Concat([$"/api/v1/charters/{CharterId}/members", $"/api/v1/charters/{CharterId}", $"/api/v1/charters/{CharterId}/draft"]))
        {
            using var response = await App.Http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            texts.Add($"{path}: {await response.Content.ReadAsStringAsync()}");
        }

        return texts;
    }
}
