using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;
using IcalCalendar = Ical.Net.Calendar;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>
/// The private calendar feed address (issue 14, item 4: "an iCalendar feed that Outlook and Google Calendar subscribe to"):
/// calendar applications fetch an address and send no key, so the employer issues an address carrying a secret; it opens
/// the employer's calendar with no key until it is replaced or revoked, and opens nothing else.
/// </summary>
[Collection(Collections.Platform)]
public sealed class CalendarFeedTests(PlatformFixture fixture)
{
    private PlatformApp App => fixture.App;

    [Fact]
    public async Task AnEmployer_IssuesAFeedAddress_ThatOpensItsCalendarWithoutAKey_UntilReplacedOrRevoked()
    {
        var employer = $"feed-{Guid.NewGuid():N}"[..20];
        var charter = $"feed-charter-{Guid.NewGuid():N}"[..24];
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/charters/{charter}/draft", """
            {"name":"Feed charter","owner":"E47000001","tiers":["member"],"requirements":[
              {"id":"forum","title":"An employee forum","tier":"member","principle":"participation","rule":{"kind":"voice.employee-forum","op":"eq","value":true}}]}
            """);
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/charters/{charter}/publish", "{}");
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{employer}", """{"name":"Feed Ltd","sites":[{"localAuthority":"E08000003","headcount":40}]}""");
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/memberships", $$"""{"charterId":"{{charter}}"}""");
        await App.AdminAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/evidence", """{"items":[{"kind":"voice.employee-forum","value":true}]}""");
        var own = await App.IssueKeyAsync("employer", $$"""{"employerId":"{{employer}}"}""");
        var other = await App.IssueKeyAsync("employer", """{"employerId":"someone-else-ltd"}""");

        // Only the employer (or the admin) issues it; the address is in the answer only.
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/calendar/feed", other));
        var first = await IssueAsync(employer, own);
        Assert.StartsWith($"{App.Http.BaseAddress!.GetLeftPart(UriPartial.Authority)}/api/v1/calendar-feeds/{employer}/", first, StringComparison.Ordinal);

        // A calendar application fetches it with no key: the employer's calendar, as iCalendar.
        using (var feed = await App.Anonymous.GetAsync(new Uri(first)))
        {
            Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
            Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
            var calendar = IcalCalendar.Load(await feed.Content.ReadAsStringAsync())!;
            Assert.Contains(calendar.Events, e => e.Summary!.Contains("Feed charter", StringComparison.Ordinal));
        }

        // A wrong secret, another employer's id with this secret: nothing opens (404, like an unknown address).
        var secret = first[(first.LastIndexOf('/') + 1)..^".ics".Length];
        Assert.Equal(HttpStatusCode.NotFound, (await App.Anonymous.GetAsync(new Uri(first.Replace(secret, secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A'), StringComparison.Ordinal)))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Anonymous.GetAsync(new Uri(first.Replace($"/{employer}/", "/someone-else-ltd/", StringComparison.Ordinal)))).StatusCode);

        // Issuing again replaces it: the first address stops working, the second works.
        var second = await IssueAsync(employer, own);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await App.Anonymous.GetAsync(new Uri(first))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Anonymous.GetAsync(new Uri(second))).StatusCode);

        // Revoked: subscriptions stop at once; revoking again is 404.
        Assert.Equal(HttpStatusCode.NoContent, await App.StatusAsync(HttpMethod.Delete, $"/api/v1/employers/{employer}/calendar/feed", own));
        Assert.Equal(HttpStatusCode.NotFound, (await App.Anonymous.GetAsync(new Uri(second))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await App.StatusAsync(HttpMethod.Delete, $"/api/v1/employers/{employer}/calendar/feed", own));

        // The issue and the revocation are in the employer's audit trail; the secret is not.
        var trail = await App.AuditTrailAsync($"/api/v1/employers/{employer}");
        Assert.Contains(trail, e => e.GetProperty("summary").GetString()!.StartsWith("issued the calendar feed address", StringComparison.Ordinal));
        Assert.Contains(trail, e => e.GetProperty("summary").GetString() == "revoked the calendar feed address");
        Assert.DoesNotContain(trail, e => e.ToString().Contains(secret, StringComparison.Ordinal));
    }

    private async Task<string> IssueAsync(string employer, string key)
    {
        using var response = await App.SendAsync(HttpMethod.Post, $"/api/v1/employers/{employer}/calendar/feed", key);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }
}
