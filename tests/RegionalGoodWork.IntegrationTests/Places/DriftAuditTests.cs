using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using RegionalGoodWork.Places;
using RegionalGoodWork.Places.Grains;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Places;

/// <summary>
/// One platform for the audit tests: the audits never run by themselves (intervals 0; the tests run them), no disclosure
/// threshold (a council's figures show from one employer). Each test uses its own employers and councils; every run of an
/// audit sees the whole platform, and each test leaves it without drift.
/// </summary>
public sealed class DriftAuditFixture : IAsyncLifetime
{
    public PlatformApp App { get; private set; } = null!;

    public async Task InitializeAsync() =>
        App = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
        {
            ["Modules:Places:DriftCheckInterval"] = "00:00:00",
            ["Modules:Charters:MemberAuditInterval"] = "00:00:00",
            ["Indicators:MinimumEmployers"] = "0",
            ["Modules:Places:FlushInterval"] = "00:00:00", // views write through: a stored line is the one storage holds
            ["Modules:Charters:MemberIndexWriteDelay"] = "00:00:00",
        });

    /// <summary>
    /// Corrupts a grain's stored state as a restore or a lost write would, with every activation collected first and after
    /// (views write through here, so a collected grain writes nothing), so the next call reads the corrupted row.
    /// </summary>
    public async Task CorruptStoredStateAsync<TState>(string stateName, GrainId grain, Action<TState> corrupt)
        where TState : class, new()
    {
        var management = App.Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var storage = App.App.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var state = new GrainState<TState>(new TState());
        await storage.ReadStateAsync(stateName, grain, state);
        corrupt(state.State!);
        await storage.WriteStateAsync(stateName, grain, state);
        await management.ForceActivationCollection(TimeSpan.Zero);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    public async Task PutAsync(string path, object body)
    {
        using var response = await App.Http.PutAsJsonAsync(new Uri(path, UriKind.Relative), body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task PostAsync(string path, object body)
    {
        using var response = await App.Http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// An employer in gm-gec (and <paramref name="alsoIn"/>), a real Living Wage employer, with staff at the given councils.
    /// Its profile is put a second time, unchanged: that write stores the views' confirmations of the changes before it,
    /// so the employer owes no view anything when it is activated again (it would otherwise re-tell its views itself).
    /// </summary>
    public async Task<string> EmployerAsync(string prefix, (string LocalAuthority, int Headcount)[] sites, params string[] alsoIn)
    {
        var employer = $"{prefix}-{Guid.NewGuid():N}"[..20];
        var profile = new
        {
            name = "Drift Audit Fictional Ltd",
            sites = sites.Select(s => new { localAuthority = s.LocalAuthority, headcount = s.Headcount }).ToArray(),
        };
        await PutAsync($"/api/v1/employers/{employer}", profile);
        foreach (var charter in alsoIn.Prepend("gm-gec"))
        {
            await PostAsync($"/api/v1/employers/{employer}/memberships", new { charterId = charter });
        }

        await PostAsync($"/api/v1/employers/{employer}/evidence", new { items = new object[] { new { kind = "pay.rlw-accredited", value = true } } });
        await PutAsync($"/api/v1/employers/{employer}", profile);
        return employer;
    }

    public Task<string> EmployerAsync(string prefix, string localAuthority, int headcount) => EmployerAsync(prefix, [(localAuthority, headcount)]);

    public async Task<decimal?> EmployeesCoveredAsync(string localAuthority) =>
        (await App.GetJsonAsync<IndicatorSet>($"/api/v1/local-authorities/{localAuthority}/indicators?year={App.Clock.GetUtcNow().Year}"))
        .Find(IndicatorIds.EmployeesCovered).Value;

    public async Task<JsonElement?> MemberAsync(string charterId, string employerId) =>
        (await App.GetJsonAsync<JsonElement>($"/api/v1/charters/{charterId}/members")).EnumerateArray()
        .Where(m => m.GetProperty("employerId").GetString() == employerId)
        .Select(m => (JsonElement?)m)
        .SingleOrDefault();
}

[CollectionDefinition(Name)]
public sealed class DriftAuditCollection : ICollectionFixture<DriftAuditFixture>
{
    public const string Name = "drift audit";
}

/// <summary>
/// The indicator audit against the employers: drift injected into a council through its own stamped update (as a lost
/// or stray message would leave it), repaired by the audit, seen repaired from the outside, and a second run repairs nothing.
/// </summary>
[Collection(DriftAuditCollection.Name)]
public sealed class DriftAuditTests(DriftAuditFixture fixture)
{
    private const string Bolton = "E08000001";
    private const string Oldham = "E08000004";
    private const string Rochdale = "E08000005";
    private const string Trafford = "E08000009";
    private const string Wigan = "E08000010";

    private PlatformApp App => fixture.App;

    private DriftAudit Audit => App.App.Services.GetRequiredService<DriftAudit>();

    private async Task<decimal?> RegionEmployeesCoveredAsync() =>
        (await App.GetJsonAsync<RegionIndicatorSet>($"/api/v1/regions/E47000001/indicators?year={App.Clock.GetUtcNow().Year}"))
        .Find(IndicatorIds.EmployeesCovered).Value;

    private async Task<long> HeldStampAsync(string localAuthority, string employer) =>
        (await App.Grains.GetLocalAuthority(localAuthority).GetContributorsAsync()).Single(c => c.EmployerId == employer).Stamp;

    [Fact]
    public async Task CouncilMissingAnEmployer_RemovedUnderAStampTheEmployerNeverSent_IsPutBack_AndTheEmployersNextChangeCounts()
    {
        var employer = await fixture.EmployerAsync("missing", Bolton, 40);
        var before = await fixture.EmployeesCoveredAsync(Bolton);
        await App.Grains.GetLocalAuthority(Bolton).RemoveContributionAsync(employer, await HeldStampAsync(Bolton, employer) + 1_000);
        var injected = await fixture.EmployeesCoveredAsync(Bolton);

        var repaired = await Audit.RunOnceAsync();
        var after = await fixture.EmployeesCoveredAsync(Bolton);
        var again = await Audit.RunOnceAsync();
        await fixture.PutAsync($"/api/v1/employers/{employer}", new { name = "Drift Audit Fictional Ltd", sites = new[] { new { localAuthority = Bolton, headcount = 45 } } });

        Assert.Equal(before - 40, injected);
        Assert.Contains(repaired.Reports.Single(r => r.Area == Bolton).Employers, e => e.EmployerId == employer && e.Kind == DriftKind.Missing);
        Assert.True(repaired.Repairs >= 1);
        Assert.Equal(before, after);
        Assert.Equal((0, 0), (again.Repairs, again.Drifting));
        Assert.Equal(before + 5, await fixture.EmployeesCoveredAsync(Bolton)); // the tombstone no longer blocks the employer
    }

    [Fact]
    public async Task CouncilThatLostAnEmployersLineAltogether_NoTombstone_IsFoundThroughTheEmployersOtherCouncil_AndPutBack()
    {
        const string bury = "E08000002";
        const string stockport = "E08000007";
        var employer = await fixture.EmployerAsync("lost", [(bury, 15), (stockport, 20)]);
        var before = await fixture.EmployeesCoveredAsync(stockport);
        await fixture.CorruptStoredStateAsync<LocalAuthorityState>("local-authority", App.Grains.GetLocalAuthority(stockport).GetGrainId(), council =>
        {
            council.Ledger.Totals.Subtract(council.Ledger.Contributions[employer]);
            council.Ledger.Contributions.Remove(employer);
        });
        var injected = await fixture.EmployeesCoveredAsync(stockport);
        var listed = await App.Grains.GetLocalAuthority(stockport).GetContributorsAsync();

        var repaired = await Audit.RunOnceAsync();
        var again = await Audit.RunOnceAsync();

        Assert.Equal(before - 20, injected);
        Assert.DoesNotContain(listed, c => c.EmployerId == employer);
        Assert.Contains(repaired.Reports.Single(r => r.Area == stockport).Employers, e => e.EmployerId == employer && e.Kind == DriftKind.Missing);
        Assert.Equal(before, await fixture.EmployeesCoveredAsync(stockport));
        Assert.Equal((0, 0), (again.Repairs, again.Drifting));
    }

    [Fact]
    public async Task CouncilWhoseStoredTotalsDrifted_FromItsOwnLines_HasThemRebuilt()
    {
        const string sefton = "E08000014";
        await fixture.EmployerAsync("totals", sefton, 33);
        var before = await fixture.EmployeesCoveredAsync(sefton);
        await fixture.CorruptStoredStateAsync<LocalAuthorityState>("local-authority", App.Grains.GetLocalAuthority(sefton).GetGrainId(),
            council => council.Ledger.Totals.EmployeesCovered += 7);
        var injected = await fixture.EmployeesCoveredAsync(sefton);

        var repaired = await Audit.RunOnceAsync();
        var again = await Audit.RunOnceAsync();

        Assert.Equal(before + 7, injected);
        Assert.Contains(repaired.Reports.Single(r => r.Area == sefton).Totals, t => t.Measure == "employeesCovered" && t.Incremental - t.Recomputed == 7m);
        Assert.True(repaired.Repairs >= 1);
        Assert.Equal(before, await fixture.EmployeesCoveredAsync(sefton));
        Assert.Equal((0, 0), (again.Repairs, again.Drifting));
    }

    [Fact]
    public async Task CouncilHoldingAnEmployerThatLeft_ItsSiteMovedToAnotherCouncil_IsRemovedThere_AndStaysCountedWhereItIsNow()
    {
        var employer = await fixture.EmployerAsync("moved", Oldham, 30);
        var oldhamBefore = await fixture.EmployeesCoveredAsync(Oldham) - 30;
        var rochdaleBefore = await fixture.EmployeesCoveredAsync(Rochdale);
        await fixture.PutAsync($"/api/v1/employers/{employer}", new { name = "Drift Audit Fictional Ltd", sites = new[] { new { localAuthority = Rochdale, headcount = 30 } } });

        // Oldham takes a stray line for the employer after its removal, as a council that missed the move would hold.
        var stray = PlacesTestData.Member(employer, 30, stamp: await HeldStampAsync(Oldham, employer) + 1_000, charterId: "gm-gec");
        Assert.True((await App.Grains.GetLocalAuthority(Oldham).ApplyContributionAsync(stray)).IsOk);
        var injected = await fixture.EmployeesCoveredAsync(Oldham);

        var repaired = await Audit.RunOnceAsync();
        var again = await Audit.RunOnceAsync();

        Assert.Equal(oldhamBefore + 30, injected);
        Assert.Contains(repaired.Reports.Single(r => r.Area == Oldham).Employers, e => e.EmployerId == employer && e.Kind == DriftKind.Unexpected);
        Assert.Equal(oldhamBefore, await fixture.EmployeesCoveredAsync(Oldham));
        Assert.Equal(rochdaleBefore + 30, await fixture.EmployeesCoveredAsync(Rochdale));
        Assert.Equal((0, 0), (again.Repairs, again.Drifting));
    }

    [Fact]
    public async Task CouncilHoldingStaleFigures_UnderAStampAboveTheEmployers_IsPutRight()
    {
        var employer = await fixture.EmployerAsync("stale", Trafford, 50);
        var before = await fixture.EmployeesCoveredAsync(Trafford);
        var regionBefore = await RegionEmployeesCoveredAsync();
        var stale = PlacesTestData.Member(employer, 5, stamp: await HeldStampAsync(Trafford, employer) + 1_000, charterId: "gm-gec");
        Assert.True((await App.Grains.GetLocalAuthority(Trafford).ApplyContributionAsync(stale)).IsOk);
        var injected = await fixture.EmployeesCoveredAsync(Trafford);

        var repaired = await Audit.RunOnceAsync();
        var again = await Audit.RunOnceAsync();

        Assert.Equal(before - 45, injected);
        Assert.Contains(repaired.Reports.Single(r => r.Area == Trafford).Employers, e => e.EmployerId == employer && e.Kind == DriftKind.Ahead);
        Assert.Equal(before, await fixture.EmployeesCoveredAsync(Trafford));
        Assert.Equal(regionBefore, await RegionEmployeesCoveredAsync()); // the region's roll-up follows its council
        Assert.Equal((0, 0), (again.Repairs, again.Drifting));
    }

    [Fact]
    public async Task CouncilHoldingAnEmployerThatDoesNotExist_IsRemoved_AndTheEmployerStaysUnknown()
    {
        var ghost = $"ghost-{Guid.NewGuid():N}"[..16];
        var before = await fixture.EmployeesCoveredAsync(Wigan) ?? 0;
        Assert.True((await App.Grains.GetLocalAuthority(Wigan).ApplyContributionAsync(PlacesTestData.Member(ghost, 20, stamp: 7, charterId: "gm-gec"))).IsOk);
        var injected = await fixture.EmployeesCoveredAsync(Wigan);

        var repaired = await Audit.RunOnceAsync();
        var again = await Audit.RunOnceAsync();
        using var profile = await App.Http.GetAsync(new Uri($"/api/v1/employers/{ghost}", UriKind.Relative));

        Assert.Equal(before + 20, injected);
        Assert.Contains(repaired.Reports.Single(r => r.Area == Wigan).Employers, e => e.EmployerId == ghost && e.Kind == DriftKind.Unexpected);
        Assert.Equal(before, await fixture.EmployeesCoveredAsync(Wigan) ?? 0);
        Assert.Equal((0, 0), (again.Repairs, again.Drifting));
        Assert.Equal(HttpStatusCode.NotFound, profile.StatusCode);
    }

    [Fact]
    public async Task WithoutRepairDrift_TheAuditReportsTheDrift_AndChangesNothing()
    {
        const string tameside = "E08000008";
        var employer = await fixture.EmployerAsync("report", tameside, 25);
        await App.Grains.GetLocalAuthority(tameside).RemoveContributionAsync(employer, await HeldStampAsync(tameside, employer) + 1_000);
        var injected = await fixture.EmployeesCoveredAsync(tameside);
        var reportOnly = new DriftAudit(App.Grains, Options.Create(new PlacesOptions { RepairDrift = false }), NullLogger<DriftAudit>.Instance);

        var first = await reportOnly.RunOnceAsync();
        var second = await reportOnly.RunOnceAsync();
        var stillInjected = await fixture.EmployeesCoveredAsync(tameside);
        await Audit.RunOnceAsync(); // leaves the shared platform without drift

        Assert.Contains(first.Reports.Single(r => r.Area == tameside).Employers, e => e.EmployerId == employer && e.Kind == DriftKind.Missing);
        Assert.Contains(second.Reports.Single(r => r.Area == tameside).Employers, e => e.EmployerId == employer && e.Kind == DriftKind.Missing);
        Assert.Equal((0, 0), (first.Repairs, second.Repairs));
        Assert.Equal(injected, stillInjected);
        Assert.Equal(injected + 25, await fixture.EmployeesCoveredAsync(tameside));
    }

    [Fact]
    public async Task CouncilAddedThroughTheApi_NotShipped_IsAudited()
    {
        const string added = "E09999001";
        await fixture.PutAsync($"/api/v1/local-authorities/{added}", new { name = "Drift Audit Fictional Borough" });
        var employer = await fixture.EmployerAsync("added", added, 12);
        await App.Grains.GetLocalAuthority(added).RemoveContributionAsync(employer, await HeldStampAsync(added, employer) + 1_000);
        var injected = await fixture.EmployeesCoveredAsync(added);

        var repaired = await Audit.RunOnceAsync();
        var again = await Audit.RunOnceAsync();

        Assert.Equal(0m, injected ?? 0);
        Assert.Contains(repaired.Reports, r => r.Area == added && r.Employers.Any(e => e.EmployerId == employer));
        Assert.Equal(12m, await fixture.EmployeesCoveredAsync(added));
        Assert.Equal((0, 0), (again.Repairs, again.Drifting));
    }
}
