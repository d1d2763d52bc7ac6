using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RegionalGoodWork.IntegrationTests.Places;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Connectors;

/// <summary>
/// The <c>ons</c> connector against a stub on 127.0.0.1 serving the real ONS "Explore local statistics" files
/// (tests/RegionalGoodWork.Places.Tests/Data/ons: UTF-8 BOM, CRLF, suppressed <c>x</c> rows, areas the platform does not
/// serve) at two configured paths, imported through the same code as the upload route. Only the first test imports the
/// real files whole; the others use Bolton's real lines moved to years of their own (2040s), so none sees another's figures.
/// </summary>
[Collection(OnsCollection.Name)]
public sealed class OnsConnectorTests(OnsApp fixture)
{
    private const string Bolton = "E08000001";

    // Byte for byte: the pay file's BOM stays in the text (File.ReadAllText would drop it), so the stub sends it.
    private static readonly string EmploymentRate = Encoding.UTF8.GetString(File.ReadAllBytes(PlacesTestData.OnsFile("ons_els_employment-rate.csv")));

    private static readonly string WeeklyPay = Encoding.UTF8.GetString(File.ReadAllBytes(PlacesTestData.OnsFile("ons_els_gross-median-weekly-pay.csv")));

    private PlatformApp App => fixture.App;

    private PartnerStub Stub => fixture.Stub;

    [Fact]
    public async Task Sync_TheRealFiles_ImportsEveryAreaThePlatformServes_ReadableFromTheIndicatorRoutes_AndARerunChangesNothing()
    {
        Stub.Reset(Serve(EmploymentRate, WeeklyPay));

        var first = await App.SyncAsync(OnsApp.Id);
        var second = await App.SyncAsync(OnsApp.Id);

        var lines = DataLines(EmploymentRate) + DataLines(WeeklyPay);
        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal(lines, first.GetProperty("read").GetInt32());
        Assert.True(first.GetProperty("changed").GetInt32() > 5000, first.ToString());
        Assert.Equal(0, first.GetProperty("failed").GetInt32());
        // Suppressed (x) rows, counties, English regions, England and the UK: skipped as the upload route skips them.
        Assert.True(first.GetProperty("unmatched").GetInt32() > 1000, first.ToString());
        Assert.Equal(("succeeded", lines, 0), (second.GetProperty("status").GetString(), second.GetProperty("read").GetInt32(), second.GetProperty("changed").GetInt32()));
        Assert.Equal(first.GetProperty("unmatched").GetInt32(), second.GetProperty("unmatched").GetInt32());
        Assert.Equal([OnsApp.EmploymentPath, OnsApp.PayPathAndQuery], Stub.Requests.Take(2).Select(r => r.Path));

        var manchester = await App.GetJsonAsync<IndicatorSet>("/api/v1/local-authorities/E08000003/indicators?year=2023");
        Assert.Equal(71.4m, manchester.Find(IndicatorIds.EmploymentRate).Value);
        Assert.Equal(536.6m, manchester.Find(IndicatorIds.MedianWeeklyPay).Value);
        var gm = await App.GetJsonAsync<RegionIndicatorSet>("/api/v1/regions/E47000001/indicators?year=2023");
        Assert.Equal(71.9m, gm.Find(IndicatorIds.EmploymentRate).Value);

        // The upload route runs the same import: the same file through it changes nothing either.
        using var content = new StringContent(EmploymentRate, Encoding.UTF8, "text/csv");
        using var uploaded = await App.Http.PostAsync(new Uri("/api/v1/official-indicators/import", UriKind.Relative), content);
        var report = await uploaded.Content.ReadFromJsonAsync<ImportReport>();
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);
        Assert.Equal((DataLines(EmploymentRate), 0), (report!.Imported + report.Skipped, report.Changed));
    }

    [Fact]
    public async Task APartnerOutage_503ThenSuccess_IsRetried_AndTheRunImportsTheFiles()
    {
        var employment = Moved(EmploymentRate, "2023-01-01", "2042-01-01");
        var pay = Moved(WeeklyPay, "2023-04-19", "2042-04-19");
        Stub.Reset(Serve(employment, pay));
        Stub.Then(PartnerStub.Status(503));

        var run = await App.SyncAsync(OnsApp.Id);

        Assert.Equal(("succeeded", 3, 3), (run.GetProperty("status").GetString(), run.GetProperty("read").GetInt32(), run.GetProperty("changed").GetInt32()));
        Assert.Equal([OnsApp.EmploymentPath, OnsApp.EmploymentPath, OnsApp.PayPathAndQuery], Stub.Requests.Select(r => r.Path));
        var bolton = await App.GetJsonAsync<IndicatorSet>($"/api/v1/local-authorities/{Bolton}/indicators?year=2042");
        Assert.Equal((65.6m, 30.2m, 533.7m), (bolton.Find(IndicatorIds.EmploymentRate).Value, bolton.Find(IndicatorIds.EconomicallyInactive).Value,
            bolton.Find(IndicatorIds.MedianWeeklyPay).Value));
    }

    [Fact]
    public async Task ATruncatedFile_FailsTheRunNamingIt_AndStoresNothingOfAnyFile()
    {
        // The first file is sound; the second is the real pay file with Bolton's 2023 line moved to 2041, cut mid-line further on.
        var employment = Moved(EmploymentRate, "2023-01-01", "2041-01-01");
        var pay = WeeklyPay.Replace($"{Bolton},Bolton,Local Authority District,Gross median weekly pay,2023-04-19,", $"{Bolton},Bolton,Local Authority District,Gross median weekly pay,2041-04-19,", StringComparison.Ordinal);
        var cut = pay.IndexOf('\n', pay.Length * 3 / 4) + 30;
        Stub.Reset(Serve(employment, pay[..cut]));

        var run = await App.SyncAsync(OnsApp.Id);

        var bolton = await App.GetJsonAsync<IndicatorSet>($"/api/v1/local-authorities/{Bolton}/indicators?year=2041");
        Assert.DoesNotContain(bolton.Indicators, i => i.Id is IndicatorIds.EmploymentRate or IndicatorIds.EconomicallyInactive or IndicatorIds.MedianWeeklyPay);
        Assert.Equal("failed", run.GetProperty("status").GetString());
        var error = run.GetProperty("error").GetString()!;
        Assert.Contains("truncated", error, StringComparison.Ordinal);
        Assert.Contains(OnsApp.PayDataset, error, StringComparison.Ordinal);
        Assert.Contains("nothing from any of the 2 files was imported", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileThatIsNotAnOnsCsv_FailsTheRunWithAWordedError_AndStoresNothing()
    {
        var employment = Moved(EmploymentRate, "2023-01-01", "2043-01-01");
        Stub.Reset(Serve(employment, "<html><body>Service temporarily unavailable</body></html>\n"));

        var run = await App.SyncAsync(OnsApp.Id);

        Assert.Equal("failed", run.GetProperty("status").GetString());
        var error = run.GetProperty("error").GetString()!;
        Assert.Contains("malformed", error, StringComparison.Ordinal);
        Assert.Contains("Missing column(s)", error, StringComparison.Ordinal);
        var bolton = await App.GetJsonAsync<IndicatorSet>($"/api/v1/local-authorities/{Bolton}/indicators?year=2043");
        Assert.DoesNotContain(bolton.Indicators, i => i.Id == IndicatorIds.EmploymentRate);
    }

    [Fact]
    public async Task APartnerThatStaysDown_FailsTheRunWithItsStatus()
    {
        Stub.Reset(PartnerStub.Status(503));

        var run = await App.SyncAsync(OnsApp.Id);

        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Contains("503", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, Stub.Requests.Count); // the first file, retried twice; the second never asked for
    }

    /// <summary>Answers each configured path with its file, anything else 404.</summary>
    private static Func<HttpContext, Task> Serve(string employment, string pay) => context =>
        (context.Request.Path + context.Request.QueryString).ToString() switch
        {
            OnsApp.EmploymentPath => PartnerStub.Body("text/csv", employment)(context),
            OnsApp.PayPathAndQuery => PartnerStub.Body("text/csv", pay)(context),
            _ => PartnerStub.Status(404)(context),
        };

    /// <summary>The file's header and Bolton's lines for one period, moved to another period (real figures, a year no other test uses).</summary>
    private static string Moved(string file, string from, string to)
    {
        var lines = file.Split("\r\n");
        return string.Join("\r\n", [lines[0], .. lines.Where(l => l.StartsWith($"{Bolton},", StringComparison.Ordinal) && l.Contains($",{from}", StringComparison.Ordinal))
            .Select(l => l.Replace($",{from}", $",{to}", StringComparison.Ordinal))]) + "\r\n";
    }

    private static int DataLines(string file) => file.Split('\n').Skip(1).Count(l => l.Trim().Length > 0);
}

/// <summary>
/// The platform on PostgreSQL with only the <c>ons</c> connector switched on, two datasets configured — one a plain path,
/// one without its leading slash and with a query — under a stub's BaseUrl; short resilience as in <see cref="ConnectorsApp"/>
/// (2 retries 50 ms apart, a circuit that needs 20 attempts to judge).
/// </summary>
public sealed class OnsApp : IAsyncLifetime
{
    public const string Id = "ons";

    public const string EmploymentPath = "/explore-local-statistics/employment-rate.csv";

    public const string PayDataset = "explore-local-statistics/gross-median-weekly-pay.csv?format=csv&edition=2025";

    public const string PayPathAndQuery = "/explore-local-statistics/gross-median-weekly-pay.csv?format=csv&edition=2025";

    public PlatformApp App { get; private set; } = null!;

    public PartnerStub Stub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stub = await PartnerStub.StartAsync();
        App = await PlatformApp.StartOnPostgresAsync(ConnectorSettings.For(
            Id, Stub, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), ("Datasets:0", EmploymentPath), ("Datasets:1", PayDataset)));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Stub.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OnsCollection : ICollectionFixture<OnsApp>
{
    public const string Name = "ons";
}
