using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Connectors;

/// <summary>
/// The <c>gender-pay-gap-service</c> connector against a stub of the service replaying the real 2022–23 file (its first
/// 150 reports, Data/README.md): matched by company number, however the file writes it; only changes make evidence; a
/// truncated or malformed file stores nothing; repeated failures open the circuit, which closes once the service is back.
/// </summary>
[Collection(ConnectorsCollection.Name)]
public sealed class GenderPayGapTests(ConnectorsApp fixture)
{
    private const string Median = "equality.gender-pay-gap-median";

    private const string Published = "equality.gender-pay-gap-published";

    private static readonly string Sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Connectors", "Data", "gender-pay-gap-2022-23-sample.csv"));

    private PlatformApp App => fixture.App;

    private PartnerStub Stub => fixture.PayGapStub;

    [Fact]
    public async Task Sync_TheRealFile_RecordsMedianAndPublished_ForEmployersMatchedByNormalizedNumber_AndCountsTheRest()
    {
        // Three real reports, their numbers written as partners do: lower case with spaces, leading zeros dropped.
        var (university, chemicals, group) = (ConnectorRequests.NewId("gpg-uni"), ConnectorRequests.NewId("gpg-red"), ConnectorRequests.NewId("gpg-1509"));
        await App.DefineEmployerAsync(university, "RC000641");
        await App.DefineEmployerAsync(chemicals, "SC016876");
        await App.DefineEmployerAsync(group, "04104101");
        var file = Sample.Replace(",SC016876,", ", sc016876 ,", StringComparison.Ordinal).Replace(",04104101,", ",4104101,", StringComparison.Ordinal);
        Stub.Reset(PartnerStub.Body("text/csv", file));

        var first = await App.SyncAsync(ConnectorsApp.PayGap);
        var second = await App.SyncAsync(ConnectorsApp.PayGap);
        Stub.Reset(PartnerStub.Body("text/csv", file.Replace(",9.70,3.88,", ",9.70,4.5,", StringComparison.Ordinal)));
        var revised = await App.SyncAsync(ConnectorsApp.PayGap);

        // 150 rows: 3 matched, 2 without a company number, 145 naming companies not on the platform.
        Assert.Equal(("succeeded", 150, 6, 0, 147), Counts(first));
        Assert.Equal(("succeeded", 150, 0, 0, 147), Counts(second));
        Assert.Equal(("succeeded", 150, 1, 0, 147), Counts(revised));
        Assert.Equal([("-4.96", "partner-verified")], await App.ItemsAsync(chemicals, Median));
        Assert.Equal([("19.99", "partner-verified")], await App.ItemsAsync(group, Median));
        Assert.Equal([("3.88", "partner-verified"), ("4.5", "partner-verified")], await App.ItemsAsync(university, Median));
        Assert.Equal([("true", "partner-verified")], await App.ItemsAsync(university, Published));
        Assert.Equal("/viewing/download-data/2022", Stub.Requests[0].Path);
    }

    [Fact]
    public async Task ATruncatedFile_FailsTheRun_AndStoresNothingFromIt()
    {
        var (employer, number) = (ConnectorRequests.NewId("gpg-cut"), ConnectorRequests.NewCompanyNumber());
        await App.DefineEmployerAsync(employer, number);
        var file = Sample.Replace(",11738306,", $",{number},", StringComparison.Ordinal); // the third report, now this employer's
        var cut = file.IndexOf(",SC272838,", StringComparison.Ordinal) + 4; // the sixth report, cut inside its company number
        Stub.Reset(PartnerStub.Body("text/csv", file[..cut]));

        var run = await App.SyncAsync(ConnectorsApp.PayGap);

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("truncated", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await App.HistoryAsync(employer));
    }

    [Fact]
    public async Task AMalformedFile_FailsTheRunWithAClearError()
    {
        Stub.Reset(PartnerStub.Body("text/html", "<html><body>Service temporarily unavailable</body></html>\n"));

        var run = await App.SyncAsync(ConnectorsApp.PayGap);

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("malformed", run.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCircuit_OpensAfterRepeatedFailures_AndClosesAgainOnceThePartnerRecovers()
    {
        Stub.Reset(PartnerStub.Status(503));
        for (var i = 0; i < 6 && await CircuitAsync() != "open"; i++)
        {
            Assert.Equal("failed", (await App.SyncAsync(ConnectorsApp.PayGap)).GetProperty("status").GetString());
        }

        Assert.Equal("open", await CircuitAsync());
        var asked = Stub.Requests.Count;
        var refused = await App.SyncAsync(ConnectorsApp.PayGap);
        Assert.Contains("circuit", refused.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(asked, Stub.Requests.Count); // an open circuit does not call the partner

        Stub.Reset(PartnerStub.Body("text/csv", Sample));
        await Task.Delay(TimeSpan.FromSeconds(2)); // the configured break (1.5 s) passes: the next call is let through
        var recovered = await App.SyncAsync(ConnectorsApp.PayGap);

        Assert.Equal("succeeded", recovered.GetProperty("status").GetString());
        Assert.Equal("closed", await CircuitAsync());
    }

    private async Task<string?> CircuitAsync() =>
        (await App.GetJsonAsync<JsonElement>($"/api/v1/connectors/{ConnectorsApp.PayGap}")).GetProperty("circuit").GetString();

    private static (string?, int, int, int, int) Counts(JsonElement run) => (run.GetProperty("status").GetString(),
        run.GetProperty("read").GetInt32(), run.GetProperty("changed").GetInt32(), run.GetProperty("failed").GetInt32(), run.GetProperty("unmatched").GetInt32());
}
