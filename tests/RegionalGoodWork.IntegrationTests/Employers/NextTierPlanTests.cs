using System.Net;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;
using static RegionalGoodWork.IntegrationTests.Employers.EmployersApp;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>
/// The next-tier plan (<c>GET /employers/{id}/next-tier-plan</c>) on the shipped charters: an employer follows it (submits
/// its items as they are, with its own key) and exactly the promised lifts happen; it is the employer's own, like its
/// evidence requests.
/// </summary>
[Collection(Collections.Employers)]
public sealed class NextTierPlanTests(EmployersApp app)
{
    private static readonly string[] Shipped = ["gm-gec", "lcr-fec", "ne-gwp"];

    [Fact]
    public async Task Plan_FollowedByAnEmployerInThreeShippedCharters_LiftsExactlyWhatItPromised()
    {
        var employer = await app.EmployerAsync();
        await app.JoinAsync(employer, Shipped);
        var (started, _) = await app.SubmitAsync(employer, """[{"kind":"voice.employee-forum","value":true},{"kind":"conditions.zero-hours-share","value":12}]""");
        Assert.Equal(HttpStatusCode.OK, started);
        var key = await app.Platform.IssueKeyAsync("employer", $$"""{"employerId":"{{employer}}"}""");

        using var planned = await app.Platform.SendAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/next-tier-plan", key);
        var plan = await BodyAsync(planned);
        Assert.Equal(HttpStatusCode.OK, planned.StatusCode);
        var items = plan.GetProperty("items").EnumerateArray().ToList();
        var promised = plan.GetProperty("lifts").EnumerateArray().Select(l => (l.GetProperty("charterId").GetString()!, Str(l, "tierBefore"), Str(l, "tierAfter")))
            .OrderBy(l => l.Item1, StringComparer.Ordinal).ToList();
        Assert.True(plan.GetProperty("exact").GetBoolean());
        Assert.Equal(Shipped, promised.Select(l => l.Item1)); // each of the three can be lifted, and the plan lifts them all
        // Report once: an item counts in several charters (one voice item, the pay item, the zero-hours figure).
        Assert.Contains(items, i => i.GetProperty("advances").EnumerateArray().Select(a => a.GetProperty("charterId").GetString()).Distinct().Count() >= 2);
        var requests = (await app.GetAsync($"/api/v1/employers/{employer}/evidence-requests")).GetArrayLength();
        Assert.True(items.Count < requests, $"{items.Count} plan items, {requests} kinds requested");

        var body = "[" + string.Join(",", items.Select(i => $$"""{"kind":"{{i.GetProperty("kind").GetString()}}","value":{{i.GetProperty("value").GetRawText()}}}""")) + "]";
        using var submitted = await app.Platform.SendAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", key, $$"""{"items":{{body}}}""");
        var answer = await BodyAsync(submitted);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var moved = answer.GetProperty("memberships").EnumerateArray()
            .Select(m => (m.GetProperty("charterId").GetString()!, Str(m, "tierBefore"), Str(m, "tierAfter")))
            .Where(m => m.Item2 != m.Item3)
            .OrderBy(m => m.Item1, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(promised, moved);
        foreach (var charterId in Shipped)
        {
            var met = (await app.MembershipAsync(employer, charterId)).GetProperty("met").EnumerateArray().Select(e => e.GetString()).ToList();
            var advanced = items.SelectMany(i => i.GetProperty("advances").EnumerateArray())
                .Where(a => a.GetProperty("charterId").GetString() == charterId)
                .Select(a => a.GetProperty("requirementId").GetString());
            Assert.All(advanced, r => Assert.Contains(r, met));
        }
    }

    [Fact]
    public async Task Plan_UnknownEmployer404_AnotherEmployersKeyAndItsCharterOfficer403()
    {
        var employer = await app.EmployerAsync();
        await app.JoinAsync(employer, "gm-gec");
        var other = await app.Platform.IssueKeyAsync("employer", """{"employerId":"someone-else"}""");
        var officer = await app.Platform.IssueKeyAsync("charter-officer", """{"charterIds":["gm-gec"]}""");

        using var unknown = await app.Platform.SendAsync(HttpMethod.Get, $"/api/v1/employers/{NewId("nobody")}/next-tier-plan", PlatformApp.AdminKey);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, await app.Platform.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/next-tier-plan", other));
        Assert.Equal(HttpStatusCode.Forbidden, await app.Platform.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/next-tier-plan", officer));
        Assert.Equal(HttpStatusCode.OK, await app.Platform.StatusAsync(HttpMethod.Get, $"/api/v1/employers/{employer}/next-tier-plan", PlatformApp.AdminKey));
    }

    private static string? Str(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
}
