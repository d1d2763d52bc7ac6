using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Charters;

/// <summary>
/// Officer review (issue 14, item 1; flag <c>Charters.OfficerReview</c>): on a charter with <c>"review": "officer"</c> the tier
/// an employer's evidence reaches waits as an application in the charter's list until one of its officers approves it; the
/// approval keeps a snapshot of the evidence it approved, and when an item of it is superseded the membership says
/// "review due" and the application waits again. A rejection needs a note and is not asked again on the same evidence.
/// </summary>
[Collection(Collections.Platform)]
public sealed class OfficerReviewTests(PlatformFixture fixture)
{
    private PlatformApp App => fixture.App;

    [Fact]
    public async Task AnApplication_IsApproved_ThenItsEvidenceIsSuperseded_AndTheMembershipSaysReviewDue()
    {
        var (charter, employer) = await ReviewedMemberAsync();
        var own = await App.IssueKeyAsync("employer", $$"""{"employerId":"{{employer}}"}""");
        var officer = await App.IssueKeyAsync("charter-officer", $$"""{"charterIds":["{{charter}}"]}""");

        // The employer reports what reaches "member": the tier waits for an officer.
        await SubmitAsync(employer, own, """{"items":[{"kind":"voice.employee-forum","value":true},{"kind":"pay.rlw-accredited","value":true}]}""");
        var waiting = await MembershipAsync(employer, charter, own);
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("tier").ValueKind);
        Assert.Equal("waiting", waiting.GetProperty("review").GetProperty("status").GetString());
        Assert.Equal("member", waiting.GetProperty("review").GetProperty("assessedTier").GetString());
        Assert.Equal("member", waiting.GetProperty("review").GetProperty("application").GetProperty("tier").GetString());

        var application = Assert.Single(await ApplicationsAsync(charter, officer));
        Assert.Equal(employer, application.GetProperty("employerId").GetString());
        Assert.Equal("member", application.GetProperty("tier").GetString());
        Assert.Equal(["ev-1", "ev-2"], application.GetProperty("evidenceItemIds").EnumerateArray().Select(e => e.GetString()));
        Assert.False(application.GetProperty("reviewDue").GetBoolean());

        // The officer approves: the tier is held, with the evidence it rested on kept as it was.
        using (var approved = await App.SendAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/applications/{employer}/decision", officer,
                   """{"decision":"approved","note":"Accreditation checked on the register"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            var membership = await approved.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("member", membership.GetProperty("tier").GetString());
            var review = membership.GetProperty("review");
            Assert.Equal("ok", review.GetProperty("status").GetString());
            Assert.Equal("member", review.GetProperty("approvedTier").GetString());
            Assert.Equal("Accreditation checked on the register", review.GetProperty("approval").GetProperty("note").GetString());
            Assert.Equal(["ev-1", "ev-2"], review.GetProperty("approvedEvidence").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
            Assert.Equal(JsonValueKind.Null, review.GetProperty("application").ValueKind);
        }

        Assert.Empty(await ApplicationsAsync(charter, officer));
        await Eventually.HoldsAsync(() => MemberTierAsync(charter, employer), tier => tier == "member", "the member index shows the approved tier");
        Assert.Contains(await App.AuditTrailAsync($"/api/v1/employers/{employer}"),
            e => e.GetProperty("summary").GetString()!.StartsWith($"approved member of {charter}", StringComparison.Ordinal));

        // The employer's renewal calendar names the day the approval's first item stops being in force: a decision falls due then.
        var approvedEvidence = (await MembershipAsync(employer, charter, own)).GetProperty("review").GetProperty("approvedEvidence");
        var firstLapse = approvedEvidence.EnumerateArray().Select(e => e.GetProperty("validUntil").GetString()!).Order(StringComparer.Ordinal).First();
        var reviewDate = Assert.Single(await CalendarAsync(employer, own), e => e.GetProperty("kind").GetString() == "review-due");
        Assert.Equal((firstLapse, charter), (reviewDate.GetProperty("date").GetString(), reviewDate.GetProperty("charterIds")[0].GetString()));

        // A newer accreditation item supersedes one the approval rested on: the tier is kept, but a review is due and waits.
        await SubmitAsync(employer, own, """{"items":[{"kind":"pay.rlw-accredited","value":true,"note":"renewed"}]}""");
        var due = await MembershipAsync(employer, charter, own);
        Assert.Equal("member", due.GetProperty("tier").GetString());
        Assert.Equal("due", due.GetProperty("review").GetProperty("status").GetString());
        var reason = Assert.Single(due.GetProperty("review").GetProperty("reasons").EnumerateArray()).GetString();
        Assert.Equal("ev-2 (pay.rlw-accredited) was superseded by ev-3", reason);
        Assert.DoesNotContain(await CalendarAsync(employer, own), e => e.GetProperty("kind").GetString() == "review-due"); // due now, not ahead
        var again = Assert.Single(await ApplicationsAsync(charter, officer));
        Assert.True(again.GetProperty("reviewDue").GetBoolean());
        Assert.Equal(["ev-1", "ev-3"], again.GetProperty("evidenceItemIds").EnumerateArray().Select(e => e.GetString()));

        // Approving the review rests the tier on the new item: nothing is due any more.
        await DecideAsync(charter, employer, officer, """{"decision":"approved"}""");
        var reviewed = await MembershipAsync(employer, charter, own);
        Assert.Equal("ok", reviewed.GetProperty("review").GetProperty("status").GetString());
        Assert.Equal(["ev-1", "ev-3"], reviewed.GetProperty("review").GetProperty("approvedEvidence").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task ARejection_NeedsANote_KeepsTheTier_AndANewApplicationComesWithNewEvidence()
    {
        var (charter, employer) = await ReviewedMemberAsync();
        var officer = await App.IssueKeyAsync("charter-officer", $$"""{"charterIds":["{{charter}}"]}""");
        await SubmitAsync(employer, PlatformApp.AdminKey, """{"items":[{"kind":"voice.employee-forum","value":true}]}""");
        Assert.Equal("supporter", Assert.Single(await ApplicationsAsync(charter, officer)).GetProperty("tier").GetString());

        using (var noNote = await App.SendAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/applications/{employer}/decision", officer, """{"decision":"rejected"}"""))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
            Assert.True((await noNote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("note", out _));
        }

        Assert.Equal(HttpStatusCode.BadRequest, await App.StatusAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/applications/{employer}/decision", officer,
            """{"decision":"maybe"}"""));
        Assert.Single(await ApplicationsAsync(charter, officer)); // nothing changed

        await DecideAsync(charter, employer, officer, """{"decision":"rejected","note":"The forum has not met this year"}""");
        var rejected = await MembershipAsync(employer, charter, PlatformApp.AdminKey);
        Assert.Equal(JsonValueKind.Null, rejected.GetProperty("tier").ValueKind);
        Assert.Equal("The forum has not met this year", rejected.GetProperty("review").GetProperty("rejection").GetProperty("note").GetString());
        Assert.Empty(await ApplicationsAsync(charter, officer));

        // No application is left to decide; new evidence makes a new one.
        Assert.Equal(HttpStatusCode.Conflict, await App.StatusAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/applications/{employer}/decision", officer,
            """{"decision":"approved"}"""));
        await SubmitAsync(employer, PlatformApp.AdminKey, """{"items":[{"kind":"voice.employee-forum","value":true,"note":"minutes attached"}]}""");
        Assert.Equal(["ev-2"], Assert.Single(await ApplicationsAsync(charter, officer)).GetProperty("evidenceItemIds").EnumerateArray().Select(e => e.GetString()));

        // Another charter's officer neither sees nor decides them.
        var stranger = await App.IssueKeyAsync("charter-officer", """{"charterIds":["gm-gec"]}""");
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, $"/api/v1/charters/{charter}/applications", stranger));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/applications/{employer}/decision", stranger,
            """{"decision":"approved"}"""));
    }

    [Fact]
    public async Task AnOfficer_VerifiesAnApprovedItem_AndTheApprovalRestsOnTheVerifiedCopy_WithNoReviewDue()
    {
        var (charter, employer) = await ReviewedMemberAsync();
        var own = await App.IssueKeyAsync("employer", $$"""{"employerId":"{{employer}}"}""");
        var officer = await App.IssueKeyAsync("charter-officer", $$"""{"charterIds":["{{charter}}"]}""");
        await SubmitAsync(employer, own, """{"items":[{"kind":"voice.employee-forum","value":true}]}""");
        await DecideAsync(charter, employer, officer, """{"decision":"approved"}""");

        // The employer cannot vouch for itself.
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence/ev-1/verify", own));
        using (var verified = await App.SendAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence/ev-1/verify", officer))
        {
            Assert.Equal(HttpStatusCode.Created, verified.StatusCode);
            var item = await verified.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("ev-2", item.GetProperty("id").GetString());
            Assert.Equal("officer-verified", item.GetProperty("source").GetString());
            Assert.True(item.GetProperty("value").GetBoolean());
        }

        var history = await App.HistoryAsync(employer);
        Assert.Equal(["self-declared", "officer-verified"], history.Select(i => i.GetProperty("source").GetString()));
        Assert.Equal(["ev-2"], history.Where(i => i.GetProperty("current").GetBoolean()).Select(i => i.GetProperty("id").GetString()));
        var membership = await MembershipAsync(employer, charter, own);
        Assert.Equal("ok", membership.GetProperty("review").GetProperty("status").GetString());
        Assert.Equal("officer-verified",
            Assert.Single(membership.GetProperty("review").GetProperty("approvedEvidence").EnumerateArray()).GetProperty("source").GetString());
        Assert.Empty(await ApplicationsAsync(charter, officer));

        // Once is enough; an unknown item is not found.
        Assert.Equal(HttpStatusCode.Conflict, await App.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence/ev-1/verify", officer));
        Assert.Equal(HttpStatusCode.NotFound, await App.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence/ev-9/verify", officer));
    }

    [Fact]
    public async Task AnOfficer_DrawsASampleOfAMembersItems_OfTheKindsTheCharterReads_RecordedInTheAuditTrail()
    {
        var (charter, employer) = await ReviewedMemberAsync();
        var officer = await App.IssueKeyAsync("charter-officer", $$"""{"charterIds":["{{charter}}"]}""");
        await SubmitAsync(employer, PlatformApp.AdminKey,
            """{"items":[{"kind":"voice.employee-forum","value":true},{"kind":"pay.rlw-accredited","value":true},{"kind":"conditions.zero-hours-share","value":0}]}""");

        using var drawn = await App.SendAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/members/{employer}/sample?size=1", officer);
        Assert.Equal(HttpStatusCode.OK, drawn.StatusCode);
        var sample = await drawn.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, sample.GetProperty("of").GetInt32()); // the zero-hours item is not read by this charter
        var item = Assert.Single(sample.GetProperty("items").EnumerateArray());
        Assert.Contains(item.GetProperty("kind").GetString(), new[] { "voice.employee-forum", "pay.rlw-accredited" });

        using var all = await App.SendAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/members/{employer}/sample?size=20", officer);
        Assert.Equal(["pay.rlw-accredited", "voice.employee-forum"],
            (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));

        var recorded = (await App.AuditTrailAsync($"/api/v1/employers/{employer}")).Select(e => e.GetProperty("summary").GetString()!).ToList();
        Assert.Contains(recorded, s => s == $"sample of 1 of 2 items of {employer} for {charter}: {item.GetProperty("id").GetString()} ({item.GetProperty("kind").GetString()})");
        Assert.Contains(await App.AuditTrailAsync($"/api/v1/charters/{charter}"), e => e.GetProperty("summary").GetString()!.StartsWith("sample of 2 of 2", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, await App.StatusAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/members/{employer}/sample?size=0", officer));
        Assert.Equal(HttpStatusCode.NotFound, await App.StatusAsync(HttpMethod.Post, $"/api/v1/charters/gm-gec/members/{employer}/sample", PlatformApp.AdminKey));
    }

    [Fact]
    public async Task WithTheFlagOff_TheApplicationRoutesAnswer403()
    {
        await using var platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?> { ["FeatureManagement:Charters.OfficerReview"] = "false" });
        using var list = await platform.SendAsync(HttpMethod.Get, "/api/v1/charters/gm-gec/applications", PlatformApp.AdminKey);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal("application/problem+json", list.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Charters.OfficerReview", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, await platform.StatusAsync(HttpMethod.Post, "/api/v1/charters/gm-gec/applications/anyone/decision", PlatformApp.AdminKey,
            """{"decision":"approved"}"""));
    }

    /// <summary>A published charter under officer review (supporter: an employee forum; member: also accredited) and an employer that joined it.</summary>
    [Fact]
    public async Task ADecision_NamingWhatTheOfficerRead_Answers409WhenTheApplicationChangedSince_AndDecidesNothing()
    {
        var (charter, employer) = await ReviewedMemberAsync();
        var officer = await App.IssueKeyAsync("charter-officer", $$"""{"charterIds":["{{charter}}"]}""");
        await SubmitAsync(employer, PlatformApp.AdminKey, """{"items":[{"kind":"voice.employee-forum","value":true}]}""");
        var read = Assert.Single(await ApplicationsAsync(charter, officer)); // supporter, on ev-1

        // Meanwhile the employer reports more: the application now asks for member, on ev-1 and ev-2.
        await SubmitAsync(employer, PlatformApp.AdminKey, """{"items":[{"kind":"pay.rlw-accredited","value":true}]}""");
        using (var stale = await App.SendAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/applications/{employer}/decision", officer,
                   $$"""{"decision":"approved","tier":"{{read.GetProperty("tier").GetString()}}","evidenceItemIds":["ev-1"]}"""))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            Assert.Contains("changed since you read it", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var untouched = await MembershipAsync(employer, charter, officer);
        Assert.Equal(JsonValueKind.Null, untouched.GetProperty("tier").ValueKind);
        Assert.Equal("waiting", untouched.GetProperty("review").GetProperty("status").GetString());

        var now = Assert.Single(await ApplicationsAsync(charter, officer));
        await DecideAsync(charter, employer, officer,
            $$"""{"decision":"approved","tier":"member","evidenceItemIds":{{now.GetProperty("evidenceItemIds").GetRawText()}}}""");
        Assert.Equal("member", (await MembershipAsync(employer, charter, officer)).GetProperty("tier").GetString());
    }

    [Fact]
    public async Task AVersionTurningReviewOn_KeepsTheTiersMembersHeld_ImpactSaysSo_AndOnlyAHigherTierWaits()
    {
        var charter = $"turning-{Guid.NewGuid():N}"[..20];
        var employer = $"held-{Guid.NewGuid():N}"[..20];
        const string requirements = """
            "tiers":["supporter","member"],"requirements":[
              {"id":"forum","title":"An employee forum","tier":"supporter","principle":"participation","rule":{"kind":"voice.employee-forum","op":"eq","value":true}},
              {"id":"rlw","title":"Accredited real Living Wage employer","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
            """;
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/charters/{charter}/draft", """{"name":"Turning charter","owner":"E47000001",""" + requirements);
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/publish", "{}");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", """{"name":"Held Ltd","sites":[{"localAuthority":"E08000003","headcount":40}]}""");
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{charter}}"}""");
        await SubmitAsync(employer, PlatformApp.AdminKey, """{"items":[{"kind":"voice.employee-forum","value":true}]}""");
        var officer = await App.IssueKeyAsync("charter-officer", $$"""{"charterIds":["{{charter}}"]}""");
        Assert.Equal("supporter", (await MembershipAsync(employer, charter, officer)).GetProperty("tier").GetString());

        // Version 2 asks for officer review: the impact says nobody moves, and after the publish the member still holds supporter.
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/charters/{charter}/draft", """{"name":"Turning charter","owner":"E47000001","review":"officer",""" + requirements);
        using (var impact = await App.SendAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/draft/impact", officer))
        {
            Assert.Equal(HttpStatusCode.OK, impact.StatusCode);
            var answer = await impact.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(0, answer.GetProperty("moved").GetInt32());
        }

        await App.AdminAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/publish", "{}");
        var moved = await Eventually.HoldsAsync(() => MembershipAsync(employer, charter, officer), m => m.GetProperty("charterVersion").GetInt32() == 2,
            "the member to be moved to version 2 by the fan-out");
        Assert.Equal("supporter", moved.GetProperty("tier").GetString());
        Assert.Equal(("ok", "supporter"), (moved.GetProperty("review").GetProperty("status").GetString(), moved.GetProperty("review").GetProperty("approvedTier").GetString()));
        Assert.Empty(await ApplicationsAsync(charter, officer));

        // A higher tier now waits for an officer.
        await SubmitAsync(employer, PlatformApp.AdminKey, """{"items":[{"kind":"pay.rlw-accredited","value":true}]}""");
        var waiting = await MembershipAsync(employer, charter, officer);
        Assert.Equal(("supporter", "waiting"), (waiting.GetProperty("tier").GetString(), waiting.GetProperty("review").GetProperty("status").GetString()));
        Assert.Equal("member", Assert.Single(await ApplicationsAsync(charter, officer)).GetProperty("tier").GetString());
    }

    private async Task<(string Charter, string Employer)> ReviewedMemberAsync()
    {
        var charter = $"review-{Guid.NewGuid():N}"[..20];
        var employer = $"reviewed-{Guid.NewGuid():N}"[..22];
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/charters/{charter}/draft", """
            {"name":"Reviewed charter","owner":"E47000001","review":"officer","tiers":["supporter","member"],"requirements":[
              {"id":"forum","title":"An employee forum","tier":"supporter","principle":"participation","rule":{"kind":"voice.employee-forum","op":"eq","value":true}},
              {"id":"rlw","title":"Accredited real Living Wage employer","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
            """);
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/publish", "{}");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", """{"name":"Reviewed Ltd","sites":[{"localAuthority":"E08000003","headcount":40}]}""");
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{charter}}"}""");
        return (charter, employer);
    }

    private async Task SubmitAsync(string employer, string key, string json)
    {
        using var response = await App.SendAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", key, json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task DecideAsync(string charter, string employer, string key, string json)
    {
        using var response = await App.SendAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/applications/{employer}/decision", key, json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> MembershipAsync(string employer, string charter, string key)
    {
        using var response = await App.SendAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/memberships/{charter}", key);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<JsonElement>> ApplicationsAsync(string charter, string key)
    {
        using var response = await App.SendAsync(HttpMethod.Get, $"/api/v1/charters/{charter}/applications", key);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
    }

    private async Task<string?> MemberTierAsync(string charter, string employer)
    {
        var members = await App.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/charters/{charter}/members", UriKind.Relative));
        return members.EnumerateArray().Where(m => m.GetProperty("employerId").GetString() == employer)
            .Select(m => m.TryGetProperty("tier", out var t) ? t.GetString() : null).FirstOrDefault();
    }

    private async Task<List<JsonElement>> CalendarAsync(string employer, string key)
    {
        using var response = await App.SendAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/calendar", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
    }
}
