using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.IntegrationTests.Access;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>
/// The bulk import (<c>POST /employers/import</c>): a spreadsheet of employers, one row per site, evidence columns by kind id,
/// answered with a summary — imported, unchanged, and each rejected employer with its line and reason; bad lines never stop the
/// good ones, a bad header stops the file before anything is written, and the same file again changes nothing.
/// </summary>
[Collection(Collections.Platform)]
public sealed class EmployerImportTests(PlatformFixture fixture)
{
    private const string Header = "employer_id,name,company_number,local_authority,headcount,pay.rlw-accredited,pay.share-staff-paid-rlw,pay.contractors-rlw,conditions.shift-notice-days\r\n";
    private const string Manchester = "E08000003";
    private const string Wigan = "E08000010";
    private const string Liverpool = "E08000012"; // Liverpool City Region, not Greater Manchester

    private PlatformApp App => fixture.App;

    [Fact]
    public async Task AGoodFile_ImportsEveryEmployer_WithItsSitesAndEvidence()
    {
        var (a, b, c) = (NewId("imp-a"), NewId("imp-b"), NewId("imp-c"));
        var csv = Header +
                  $"{a},\"Pies, Peas & \"\"Gravy\"\" Ltd\",,{Manchester},40,true,100,all,14\r\n" +
                  $"{a},,,{Wigan},10,,,,\r\n" +
                  $"{b},Bolton Bakes Ltd,01234567,E08000001,25,false,80.5,plan,\r\n" +
                  $"{c},\"Line\r\nBreak Ltd\",,{Wigan},5,,,,7\r\n";

        var (status, summary) = await ImportAsync(csv);

        Assert.True(status == HttpStatusCode.OK, summary.ToString());
        Assert.Equal((3, 0), (summary.GetProperty("imported").GetInt32(), summary.GetProperty("unchanged").GetInt32()));
        Assert.Empty(summary.GetProperty("rejected").EnumerateArray());

        var profile = await App.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{a}", UriKind.Relative));
        Assert.Equal("Pies, Peas & \"Gravy\" Ltd", profile.GetProperty("name").GetString());
        Assert.Equal([(Manchester, 40), (Wigan, 10)], profile.GetProperty("sites").EnumerateArray()
            .Select(s => (s.GetProperty("localAuthority").GetString(), s.GetProperty("headcount").GetInt32())));
        Assert.Equal(50, profile.GetProperty("totalHeadcount").GetInt32());

        var evidence = (await App.HistoryAsync(a)).ToDictionary(e => e.GetProperty("kind").GetString()!, e => e.GetProperty("value").GetRawText().Trim('"'));
        Assert.Equal(new Dictionary<string, string>
        {
            ["pay.rlw-accredited"] = "true",
            ["pay.share-staff-paid-rlw"] = "100",
            ["pay.contractors-rlw"] = "all",
            ["conditions.shift-notice-days"] = "14",
        }, evidence);
        Assert.All(await App.HistoryAsync(a), e => Assert.Equal("self-declared", e.GetProperty("source").GetString()));

        var bolton = await App.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{b}", UriKind.Relative));
        Assert.Equal("01234567", bolton.GetProperty("companyNumber").GetString());
        Assert.Equal("80.5", (await App.HistoryAsync(b)).Single(e => e.GetProperty("kind").GetString() == "pay.share-staff-paid-rlw").GetProperty("value").ToString());
        var lineBreak = await App.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{c}", UriKind.Relative));
        Assert.Equal("Line\r\nBreak Ltd", lineBreak.GetProperty("name").GetString());
    }

    [Fact]
    public async Task BadLines_RejectTheirEmployerWithLineAndReason_AndTheGoodOnesAreStillImported()
    {
        var ids = Enumerable.Range(0, 8).Select(i => NewId($"imp-bad{i}")).ToArray();
        var csv = Header +
                  $"{ids[0]},Good One Ltd,,{Manchester},12,true,,,\r\n" +        // line 2: good
                  $"{ids[1]},Bad Headcount Ltd,,{Manchester},lots,,,,\r\n" +     // line 3: headcount not a number
                  $"{ids[2]},Unknown Council Ltd,,E08999999,3,,,,\r\n" +         // line 4: no such council
                  $"{ids[3]},Bad Bool Ltd,,{Manchester},3,maybe,,,\r\n" +        // line 5: not true/false
                  $"{ids[4]},\"Quoted,\r\nName Ltd\",,{Wigan},8,,,,\r\n" +       // lines 6-7: good, a line break in its name
                  $"{ids[5]},Second Site Bad Ltd,,{Wigan},4,,,,\r\n" +           // line 8
                  $"{ids[5]},,,{Manchester},4,,101,,\r\n" +                      // line 9: percent above 100
                  $"{ids[0]},Good One Again Ltd,,{Wigan},1,,,,\r\n" +            // line 10: not together with line 2
                  $"{ids[6]},Bad Choice Ltd,,{Manchester},2,,,sometimes,\r\n" +  // line 11: not one of the choices
                  $"{ids[7]},Good Two Ltd,,{Wigan},9,,,,3\r\n";                  // line 12: good

        var (status, summary) = await ImportAsync(csv);

        Assert.True(status == HttpStatusCode.OK, summary.ToString());
        Assert.Equal((3, 0), (summary.GetProperty("imported").GetInt32(), summary.GetProperty("unchanged").GetInt32()));
        var rejected = summary.GetProperty("rejected").EnumerateArray()
            .Select(r => (Line: r.GetProperty("line").GetInt32(), Message: r.GetProperty("message").GetString()!)).ToList();
        Assert.Equal([3, 4, 5, 9, 10, 11], rejected.Select(r => r.Line));
        Assert.Equal(6, summary.GetProperty("rejectedCount").GetInt32());
        Assert.Contains("headcount 'lots'", rejected[0].Message, StringComparison.Ordinal);
        Assert.Contains("E08999999", rejected[1].Message, StringComparison.Ordinal);
        Assert.Contains("pay.rlw-accredited: 'maybe' must be true or false", rejected[2].Message, StringComparison.Ordinal);
        Assert.Contains("at most 100", rejected[3].Message, StringComparison.Ordinal);
        Assert.Contains("line 2", rejected[4].Message, StringComparison.Ordinal);
        Assert.Contains("plan", rejected[5].Message, StringComparison.Ordinal);

        // The good ones are stored; the rejected ones are not (nothing of them was written), and the repeat did not replace the first.
        var first = await App.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{ids[0]}", UriKind.Relative));
        Assert.Equal("Good One Ltd", first.GetProperty("name").GetString());
        Assert.Single(await App.HistoryAsync(ids[0]));
        Assert.Equal("Quoted,\r\nName Ltd", (await App.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{ids[4]}", UriKind.Relative))).GetProperty("name").GetString());
        Assert.Single(await App.HistoryAsync(ids[7]));
        foreach (var refused in new[] { ids[1], ids[2], ids[3], ids[5], ids[6] })
        {
            using var response = await App.Http.GetAsync(new Uri($"/api/v1/employers/{refused}", UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{refused}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TheSameFileAgain_ReportsEveryEmployerUnchanged_AndAddsNoHistory()
    {
        var (a, b) = (NewId("imp-again-a"), NewId("imp-again-b"));
        var csv = Header +
                  $"{a},Again Ltd,,{Manchester},40,true,95,milestones,10\r\n" +
                  $"{a},,,{Wigan},2,,,,\r\n" +
                  $"{b},Again Two Ltd,SC123456,{Wigan},7,false,,,\r\n";
        var (_, first) = await ImportAsync(csv);
        Assert.Equal(2, first.GetProperty("imported").GetInt32());
        var profileBefore = await App.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{a}", UriKind.Relative));
        var historyBefore = (await App.HistoryAsync(a)).Count + (await App.HistoryAsync(b)).Count;

        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var (status, again) = await ImportAsync(csv);

        Assert.True(status == HttpStatusCode.OK, again.ToString());
        Assert.Equal((0, 2), (again.GetProperty("imported").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.Empty(again.GetProperty("rejected").EnumerateArray());
        Assert.Equal(historyBefore, (await App.HistoryAsync(a)).Count + (await App.HistoryAsync(b)).Count);
        var profileAfter = await App.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{a}", UriKind.Relative));
        Assert.Equal(profileBefore.GetProperty("updatedAt").GetString(), profileAfter.GetProperty("updatedAt").GetString());

        // One changed cell: only that employer is imported, with one new item.
        var (_, changed) = await ImportAsync(csv.Replace("true,95,", "true,96,", StringComparison.Ordinal));
        Assert.Equal((1, 1), (changed.GetProperty("imported").GetInt32(), changed.GetProperty("unchanged").GetInt32()));
        Assert.Equal(historyBefore + 1, (await App.HistoryAsync(a)).Count + (await App.HistoryAsync(b)).Count);
    }

    [Fact]
    public async Task AnUnknownKindColumn_RefusesTheWholeFile_BeforeAnythingIsWritten()
    {
        var id = NewId("imp-header");
        var (status, problem) = await ImportAsync(
            $"employer_id,name,company_number,local_authority,headcount,pay.rlw-accredited,pay.no-such-kind\r\n{id},Header Ltd,,{Manchester},3,true,1\r\n");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("pay.no-such-kind", problem.GetProperty("errors").ToString(), StringComparison.Ordinal);
        using var response = await App.Http.GetAsync(new Uri($"/api/v1/employers/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ARegionOperator_ImportsEmployersInItsRegion_AndRowsOutsideItAreRejected_OtherRolesAre403()
    {
        var operatorKey = await App.IssueKeyAsync("region-operator", """{"regionCode":"E47000001"}""");
        var (inside, outside, straddling) = (NewId("imp-gm"), NewId("imp-lcr"), NewId("imp-both"));
        await App.AdminAsync(HttpMethod.Put, $"/api/v1/employers/{straddling}",
            $$"""{"name":"Both Ltd","sites":[{"localAuthority":"{{Liverpool}}","headcount":5}]}""");
        var csv = Header +
                  $"{inside},Inside Ltd,,{Manchester},10,true,,,\r\n" +
                  $"{outside},Outside Ltd,,{Liverpool},10,true,,,\r\n" +
                  $"{straddling},Both Ltd,,{Wigan},5,,,,\r\n";

        using var response = await App.SendAsync(HttpMethod.Post, "/api/v1/employers/import", operatorKey, Csv(csv));
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(response.StatusCode == HttpStatusCode.OK, summary.ToString());
        Assert.Equal(1, summary.GetProperty("imported").GetInt32());
        var rejected = summary.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([3, 4], rejected.Select(r => r.GetProperty("line").GetInt32()));
        Assert.Contains(Liverpool, rejected[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("outside your region", rejected[1].GetProperty("message").GetString(), StringComparison.Ordinal);
        using var notStored = await App.Http.GetAsync(new Uri($"/api/v1/employers/{outside}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, notStored.StatusCode);
        var kept = await App.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/employers/{straddling}", UriKind.Relative));
        Assert.Equal(Liverpool, Assert.Single(kept.GetProperty("sites").EnumerateArray()).GetProperty("localAuthority").GetString());

        var employerKey = await App.IssueKeyAsync("employer", $$"""{"employerId":"{{inside}}"}""");
        using var refused = await App.SendAsync(HttpMethod.Post, "/api/v1/employers/import", employerKey, Csv(csv));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var anonymous = await App.SendAsync(HttpMethod.Post, "/api/v1/employers/import", null, Csv(csv));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task TheEmployersImportCall_WritesProfileAndEvidenceTogether_OrNothingOfEither()
    {
        // The one grain call the import makes per employer: profile and items in one state write, all or nothing.
        var id = NewId("imp-one");
        var employer = App.Grains.GetEmployer(id);
        EvidenceItemInput Accredited(bool value) => EvidenceItemInput.Of("pay.rlw-accredited", EvidenceValue.FromBool(value));
        var tooMuch = EvidenceItemInput.Of("pay.share-staff-paid-rlw", EvidenceValue.FromNumber(EvidenceType.Percent, 101));
        var sites = new List<SiteInput?> { new(Manchester, 10) };

        // A good profile with a refused item: nothing of the new employer is stored.
        var refused = await employer.ImportAsync(new ImportEmployer("Together Ltd", null, sites, [Accredited(true), tooMuch], "test-key"));
        Assert.Equal(ProblemKind.Invalid, refused.Problem?.Kind);
        Assert.Contains(refused.Problem!.Errors!.Keys, k => k.StartsWith("items[1]", StringComparison.Ordinal));
        Assert.Equal(ProblemKind.NotFound, (await employer.GetProfileAsync()).Problem?.Kind);

        var created = await employer.ImportAsync(new ImportEmployer("Together Ltd", null, sites, [Accredited(true)], "test-key"));
        Assert.True(created.Value, created.Problem?.Detail);
        Assert.Equal("Together Ltd", (await employer.GetProfileAsync()).Value!.Name);
        Assert.Single(await App.HistoryAsync(id));

        // A stored employer: a new name with a refused item leaves both the name and the locker as they were.
        var renamed = await employer.ImportAsync(new ImportEmployer("Renamed Ltd", null, sites, [Accredited(false), tooMuch], "test-key"));
        Assert.Equal(ProblemKind.Invalid, renamed.Problem?.Kind);
        Assert.Equal("Together Ltd", (await employer.GetProfileAsync()).Value!.Name);
        Assert.Single(await App.HistoryAsync(id));

        // The same again writes nothing; a new name and a new value are written together.
        Assert.False((await employer.ImportAsync(new ImportEmployer("Together Ltd", null, sites, [Accredited(true)], "test-key"))).Value);
        Assert.True((await employer.ImportAsync(new ImportEmployer("Renamed Ltd", null, sites, [Accredited(false)], "test-key"))).Value);
        Assert.Equal("Renamed Ltd", (await employer.GetProfileAsync()).Value!.Name);
        Assert.Equal(2, (await App.HistoryAsync(id)).Count);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(string csv)
    {
        using var response = await App.SendAsync(HttpMethod.Post, "/api/v1/employers/import", PlatformApp.AdminKey, Csv(csv));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static StringContent Csv(string csv) => new(csv, Encoding.UTF8, "text/csv");

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
