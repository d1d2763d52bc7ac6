using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RegionalGoodWork.Places;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Places;

/// <summary>The background audit recomputes each council's contributions from the employer grains and finds drift.</summary>
public sealed class DriftAuditTests : IAsyncLifetime
{
    private const string Manchester = "E08000003";
    private PlatformApp app = null!;

    public async Task InitializeAsync() =>
        app = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?> { ["Modules:Places:DriftCheckInterval"] = "00:00:00" });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Audit_WhenLocalAuthoritiesAgreeWithTheEmployers_FindsNoDrift_AndFindsTheDriftInjectedIntoALocalAuthority()
    {
        var employer = "drift-" + Guid.NewGuid().ToString("N")[..8];
        await PutAsync($"/api/v1/employers/{employer}", new { name = "Drift Audit Fictional Ltd", sites = new[] { new { localAuthority = Manchester, headcount = 40 } } });
        using (var joined = await app.Http.PostAsJsonAsync(new Uri($"/api/v1/employers/{employer}/memberships", UriKind.Relative), new { charterId = "gm-gec" }))
        {
            Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        }

        using (var evidence = await app.Http.PostAsJsonAsync(new Uri($"/api/v1/employers/{employer}/evidence", UriKind.Relative),
                   new { items = new object[] { new { kind = "pay.rlw-accredited", value = true } } }))
        {
            Assert.Equal(HttpStatusCode.OK, evidence.StatusCode);
        }

        var audit = app.App.Services.GetRequiredService<DriftAudit>();
        var clean = (await audit.RunOnceAsync()).Single(r => r.Area == Manchester);

        // Inject drift: the council loses the employer (a removal the employer never sent), as a lost write would.
        var localAuthority = app.Grains.GetLocalAuthority(Manchester);
        var held = (await localAuthority.GetContributorsAsync()).Single(c => c.EmployerId == employer);
        await localAuthority.RemoveContributionAsync(employer, held.Stamp + 1_000);
        var drifting = (await audit.RunOnceAsync()).Single(r => r.Area == Manchester);

        Assert.False(clean.HasDrift, string.Join("; ", clean.Employers.Select(e => $"{e.EmployerId} {e.Kind} {e.Detail}")));
        Assert.True(clean.EmployersChecked >= 1);
        Assert.True(drifting.HasDrift);
        Assert.Contains(drifting.Employers, e => e.EmployerId == employer && e.Kind == DriftKind.Missing);
        Assert.Contains(drifting.Totals, t => t.Recomputed - t.Incremental == 40m);
    }

    private async Task PutAsync(string path, object body)
    {
        using var response = await app.Http.PutAsJsonAsync(new Uri(path, UriKind.Relative), body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
