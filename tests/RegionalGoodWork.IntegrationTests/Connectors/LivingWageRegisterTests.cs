using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Connectors;

/// <summary>
/// The <c>living-wage-register</c> connector against a stub of the register on 127.0.0.1 (the platform's own contract,
/// api.md): accredited employers become partner-verified evidence, a re-run changes nothing, leaving the list ends it,
/// and whatever the register does wrong ends as a failed run that says why.
/// </summary>
[Collection(ConnectorsCollection.Name)]
public sealed class LivingWageRegisterTests(ConnectorsApp fixture)
{
    private const string Accredited = "pay.rlw-accredited";

    private const string LivingHours = "conditions.living-hours-accredited";

    private PlatformApp App => fixture.App;

    private PartnerStub Stub => fixture.RegisterStub;

    [Fact]
    public async Task Sync_AccreditedEmployers_RecordsPartnerVerifiedAccreditation_AndARerunChangesNothing()
    {
        var (withHours, plain, a, b) = (ConnectorRequests.NewId("lw-hours"), ConnectorRequests.NewId("lw-plain"), ConnectorRequests.NewCompanyNumber(), ConnectorRequests.NewCompanyNumber());
        await App.DefineEmployerAsync(withHours, a);
        await App.DefineEmployerAsync(plain, b);
        Stub.Reset(Register(
            $$"""{"companyNumber":"{{a}}","name":"Hours Ltd","accreditedOn":"2021-03-04","livingHours":true}""",
            $$"""{"companyNumber":" {{b.ToLowerInvariant()}} ","name":"Plain Ltd","accreditedOn":"2019-11-01"}""",
            $$"""{"companyNumber":"{{ConnectorRequests.NewCompanyNumber()}}","name":"Not On The Platform Ltd","accreditedOn":"2020-01-01"}"""));

        var first = await App.SyncAsync(ConnectorsApp.Register);
        var second = await App.SyncAsync(ConnectorsApp.Register);

        Assert.Equal(("succeeded", 3, 3, 0, 1), Counts(first));
        Assert.Equal(("succeeded", 3, 0, 0, 1), Counts(second));
        Assert.Equal([("true", "partner-verified")], await App.ItemsAsync(withHours, Accredited));
        Assert.Equal([("true", "partner-verified")], await App.ItemsAsync(withHours, LivingHours));
        Assert.Equal([("true", "partner-verified")], await App.ItemsAsync(plain, Accredited));
        Assert.Empty(await App.ItemsAsync(plain, LivingHours));
    }

    [Fact]
    public async Task AnEmployerLeavingTheRegister_LosesItsAccreditation()
    {
        var (leaver, number) = (ConnectorRequests.NewId("lw-leaver"), ConnectorRequests.NewCompanyNumber());
        await App.DefineEmployerAsync(leaver, number);
        Stub.Reset(Register($$"""{"companyNumber":"{{number}}","name":"Leaver Ltd","accreditedOn":"2022-02-02","livingHours":true}"""));
        Assert.Equal("succeeded", (await App.SyncAsync(ConnectorsApp.Register)).GetProperty("status").GetString());

        Stub.Reset(Register());
        var left = await App.SyncAsync(ConnectorsApp.Register);
        var again = await App.SyncAsync(ConnectorsApp.Register);

        Assert.Equal("succeeded", left.GetProperty("status").GetString());
        Assert.Equal([("true", "partner-verified"), ("false", "partner-verified")], await App.ItemsAsync(leaver, Accredited));
        Assert.Equal([("true", "partner-verified"), ("false", "partner-verified")], await App.ItemsAsync(leaver, LivingHours));
        Assert.Equal(0, again.GetProperty("changed").GetInt32());
    }

    [Fact]
    public async Task A503ThenSuccess_IsRetried_AndTheRunSucceeds()
    {
        var (employer, number) = (ConnectorRequests.NewId("lw-503"), ConnectorRequests.NewCompanyNumber());
        await App.DefineEmployerAsync(employer, number);
        Stub.Reset(Register($$"""{"companyNumber":"{{number}}","name":"Retry Ltd","accreditedOn":"2022-02-02"}"""));
        Stub.Then(PartnerStub.Status(503));

        var run = await App.SyncAsync(ConnectorsApp.Register);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(2, Stub.Requests.Count);
        Assert.Equal([("true", "partner-verified")], await App.ItemsAsync(employer, Accredited));
    }

    [Fact]
    public async Task A429WithRetryAfter_IsRetriedNoSoonerThanThePartnerAsked()
    {
        Stub.Reset(Register());
        Stub.Then(PartnerStub.Status(429, retryAfter: TimeSpan.FromSeconds(2)));

        var run = await App.SyncAsync(ConnectorsApp.Register);

        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        var requests = Stub.Requests;
        Assert.Equal(2, requests.Count);
        var waited = requests[1].At - requests[0].At;
        Assert.True(waited >= TimeSpan.FromSeconds(1.9), $"retried after {waited.TotalMilliseconds} ms; the partner asked for 2 s (the configured backoff is 50 ms)");
    }

    [Fact]
    public async Task APartnerThatDoesNotAnswer_FailsTheRunWithATimeout_NotA500()
    {
        Stub.Reset(PartnerStub.Silent(TimeSpan.FromSeconds(5)));

        var run = await App.SyncAsync(ConnectorsApp.Register);
        var status = await App.GetJsonAsync<JsonElement>($"/api/v1/connectors/{ConnectorsApp.Register}");

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("did not answer in time", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, Stub.Requests.Count); // the first attempt and two retries, each cut off after a second
        Assert.Equal(run.GetProperty("runId").GetString(), status.GetProperty("lastRun").GetProperty("runId").GetString());
    }

    [Theory]
    [InlineData("""{"employers": [{"companyNumber": "SC0""", "malformed body")]
    [InlineData("""{"items": []}""", "no \"employers\" list")]
    public async Task AMalformedBody_FailsTheRunWithAClearError(string body, string expected)
    {
        Stub.Reset(PartnerStub.Body("application/json", body));

        var run = await App.SyncAsync(ConnectorsApp.Register);

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains(expected, run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Single(Stub.Requests); // a 200 with a bad body is not retried
    }

    private static Func<Microsoft.AspNetCore.Http.HttpContext, Task> Register(params string[] employers) =>
        PartnerStub.Body("application/json", $$"""{"employers":[{{string.Join(",", employers)}}]}""");

    private static (string?, int, int, int, int) Counts(JsonElement run) => (run.GetProperty("status").GetString(),
        run.GetProperty("read").GetInt32(), run.GetProperty("changed").GetInt32(), run.GetProperty("failed").GetInt32(), run.GetProperty("unmatched").GetInt32());
}
