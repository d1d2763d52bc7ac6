using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Operations;

/// <summary>
/// The Orleans Dashboard at /dashboard is the admins' view of the silos: an admin key or a person signed in as an admin
/// sees it; nobody else does — no key, another role's key, another role's session.
/// </summary>
[Collection(Collections.Platform)]
public sealed class OperatorsDashboardTests(PlatformFixture fixture)
{
    private PlatformApp App => fixture.App;

    [Fact]
    public async Task TheDashboard_IsRefusedWithoutAnAdmin()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.Anonymous.GetAsync("/dashboard")).StatusCode);
        var operatorKey = await App.IssueKeyAsync("region-operator", """{"regionCode":"E47000001"}""");
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, "/dashboard", operatorKey));
        var officerKey = await App.IssueKeyAsync("charter-officer", """{"charterIds":["gm-gec"]}""");
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, "/dashboard", officerKey));

        using var operatorPerson = await SignedInAsync("region-operator", """{"regionCode":"E47000001"}""");
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorPerson.GetAsync("/dashboard")).Status);
    }

    [Fact]
    public async Task AnAdminPerson_SeesTheDashboard_AndItsFiguresNameThePlatformsGrains()
    {
        using var admin = await SignedInAsync("admin", "{}");

        var (status, page, response) = await admin.FollowAsync("/dashboard"); // to /dashboard/

        Assert.True(status == HttpStatusCode.OK, $"{(int)status} {page}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Orleans", page, StringComparison.OrdinalIgnoreCase);

        // The figures the page polls: this silo, and the platform's own grain types among those active.
        var counters = await Eventually.HoldsAsync(
            async () => (await admin.GetAsync("/dashboard/DashboardCounters")).Body,
            body => body.Contains("EmployerGrain", StringComparison.Ordinal) || body.Contains("RegionGrain", StringComparison.Ordinal),
            "the dashboard's counters name the platform's grains");
        using var json = JsonDocument.Parse(counters);
        Assert.True(json.RootElement.GetProperty("totalActiveHostCount").GetInt32() >= 1, counters[..Math.Min(400, counters.Length)]);
    }

    [Fact]
    public void WithoutAnOtlpEndpoint_NoTelemetryIsCollected() =>
        Assert.Null(App.App.Services.GetService<OpenTelemetry.Trace.TracerProvider>());

    private Task<Browser> SignedInAsync(string role, string scope) => App.SignedInAsync("Operator", role, scope);
}
