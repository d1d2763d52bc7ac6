using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Connectors;

/// <summary>The connector routes: who may do what, unknown connectors, and a sync that answers before its run ends.</summary>
[Collection(ConnectorsCollection.Name)]
public sealed class ConnectorRoutesTests(ConnectorsApp fixture)
{
    private PlatformApp App => fixture.App;

    [Theory]
    [InlineData("POST", "/api/v1/connectors/companies-hous/sync")]
    [InlineData("GET", "/api/v1/connectors/nobody")]
    [InlineData("GET", "/api/v1/connectors/nobody/runs")]
    public async Task AnUnknownConnector_Answers404ProblemJson(string method, string path)
    {
        using var response = await App.SendAsync(new HttpMethod(method), path, PlatformApp.AdminKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("living-wage-register", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyAnAdmin_StartsASync_WhileARegionOperatorMayReadStatusAndRuns()
    {
        var operatorKey = await App.IssueKeyAsync("region-operator", """{"regionCode":"E47000001"}""");
        var employerKey = await App.IssueKeyAsync("employer", """{"employerId":"some-employer"}""");
        var status = $"/api/v1/connectors/{ConnectorsApp.Register}";

        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Post, $"{status}/sync", operatorKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await App.StatusAsync(HttpMethod.Post, $"{status}/sync", null));
        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Get, status, operatorKey));
        Assert.Equal(HttpStatusCode.OK, await App.StatusAsync(HttpMethod.Get, $"{status}/runs", operatorKey));
        Assert.Equal(HttpStatusCode.Forbidden, await App.StatusAsync(HttpMethod.Get, status, employerKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await App.StatusAsync(HttpMethod.Get, $"{status}/runs", null));
    }

    [Fact]
    public async Task ASync_Answers202AtOnce_AndASecondRequestWhileItRuns_GetsTheSameRun()
    {
        fixture.RegisterStub.Reset(PartnerStub.Silent(TimeSpan.FromMilliseconds(700))); // answers {} after 0.7 s: under the 1 s attempt timeout
        var path = new Uri($"/api/v1/connectors/{ConnectorsApp.Register}/sync", UriKind.Relative);

        using var first = await App.Http.PostAsync(path, null);
        using var second = await App.Http.PostAsync(path, null);
        var running = await App.GetJsonAsync<JsonElement>($"/api/v1/connectors/{ConnectorsApp.Register}");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        var runId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        Assert.Equal(runId, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString());
        Assert.Equal(("running", runId), (running.GetProperty("lastRun").GetProperty("status").GetString(), running.GetProperty("lastRun").GetProperty("runId").GetString()));
        Assert.Equal((true, "1.00:00:00", "closed"), (running.GetProperty("enabled").GetBoolean(), running.GetProperty("schedule").GetString(), running.GetProperty("circuit").GetString()));

        var finished = await App.FinishedRunAsync(ConnectorsApp.Register, runId);
        Assert.Equal("failed", finished.GetProperty("status").GetString()); // {} has no "employers" list
        var runs = (await App.GetJsonAsync<JsonElement>($"/api/v1/connectors/{ConnectorsApp.Register}/runs")).EnumerateArray().ToList();
        Assert.Equal(runId, runs[0].GetProperty("runId").GetString());
    }
}
