using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Charters;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.IntegrationTests.Places;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Charters;

/// <summary>
/// The member index audit against the employers: drift injected into a charter's member index through its own stamped
/// update, repaired by the audit (the employer re-issues its line), seen repaired on the members route, and a second run
/// finds nothing.
/// </summary>
[Collection(DriftAuditCollection.Name)]
public sealed class MemberIndexAuditTests(DriftAuditFixture fixture)
{
    private const string Charter = "gm-gec";
    private const string Salford = "E08000006";

    private PlatformApp App => fixture.App;

    private MemberIndexAudit Audit => App.App.Services.GetRequiredService<MemberIndexAudit>();

    private async Task<MemberLine> LineAsync(string employer) =>
        (await App.Grains.GetCharterInternal(Charter).GetMemberLinesAsync()).Single(l => l.EmployerId == employer);

    [Fact]
    public async Task MemberIndexMissingAMember_RemovedUnderAStampTheEmployerNeverSent_IsListedAgain()
    {
        var employer = await fixture.EmployerAsync("idx-missing", Salford, 10);
        var listed = await fixture.MemberAsync(Charter, employer);
        await App.Grains.GetCharter(Charter).RemoveMemberAsync(employer, (await LineAsync(employer)).Stamp + 1_000);
        var injected = await fixture.MemberAsync(Charter, employer);

        var repaired = await Audit.RunOnceAsync();
        var after = await fixture.MemberAsync(Charter, employer);
        var again = await Audit.RunOnceAsync();

        Assert.NotNull(listed);
        Assert.Null(injected);
        Assert.Contains(repaired.Drift, c => c.EmployerId == employer && c.CharterId == Charter && c.Repair == ViewRepair.Reissue);
        Assert.NotNull(after);
        Assert.Equal(listed.Value.GetProperty("tier").ToString(), after.Value.GetProperty("tier").ToString());
        Assert.Equal((0, 0), (again.Drift.Count, again.Repaired));
    }

    [Fact]
    public async Task MemberIndexThatLostAMembersLineAltogether_IsFoundThroughTheEmployersOtherCharter_AndListsItAgain()
    {
        var employer = await fixture.EmployerAsync("idx-lost", [(Salford, 10)], "lcr-fec");
        var listed = await fixture.MemberAsync(Charter, employer);
        await fixture.CorruptStoredStateAsync<MemberIndexState>("charter-members", App.Grains.GetCharter(Charter).GetGrainId(),
            index => index.Members.Remove(employer));
        var injected = await fixture.MemberAsync(Charter, employer);
        var lines = await App.Grains.GetCharterInternal(Charter).GetMemberLinesAsync();

        var repaired = await Audit.RunOnceAsync();
        var again = await Audit.RunOnceAsync();

        Assert.NotNull(listed);
        Assert.Null(injected);
        Assert.DoesNotContain(lines, l => l.EmployerId == employer);
        Assert.Contains(repaired.Drift, c => c.EmployerId == employer && c.CharterId == Charter && c.Repair == ViewRepair.Retell);
        Assert.Equal(listed.Value.GetProperty("tier").ToString(), (await fixture.MemberAsync(Charter, employer))!.Value.GetProperty("tier").ToString());
        Assert.Equal((0, 0), (again.Drift.Count, again.Repaired));
    }

    [Fact]
    public async Task MemberIndexHoldingAnEmployerThatLeftTheCharter_OrDoesNotExist_RemovesThem()
    {
        var employer = await fixture.EmployerAsync("idx-left", Salford, 10);
        using (var withdrawn = await App.Http.DeleteAsync(new Uri($"/api/v1/employers/{employer}/memberships/{Charter}", UriKind.Relative)))
        {
            Assert.True(withdrawn.IsSuccessStatusCode);
        }

        var ghost = $"ghost-{Guid.NewGuid():N}"[..16];
        var charter = App.Grains.GetCharter(Charter);
        await charter.UpdateMemberAsync(employer, "Supporter", App.Clock.GetUtcNow(), (await LineAsync(employer)).Stamp + 1_000, 1);
        await charter.UpdateMemberAsync(ghost, "Supporter", App.Clock.GetUtcNow(), 5, 1);
        var injected = (await fixture.MemberAsync(Charter, employer), await fixture.MemberAsync(Charter, ghost));

        var repaired = await Audit.RunOnceAsync();
        var again = await Audit.RunOnceAsync();

        Assert.NotNull(injected.Item1);
        Assert.NotNull(injected.Item2);
        Assert.Contains(repaired.Drift, c => c.EmployerId == employer && c.Repair == ViewRepair.Reissue);
        Assert.Contains(repaired.Drift, c => c.EmployerId == ghost && c.Repair == ViewRepair.Reissue);
        Assert.Null(await fixture.MemberAsync(Charter, employer));
        Assert.Null(await fixture.MemberAsync(Charter, ghost));
        Assert.Equal((0, 0), (again.Drift.Count, again.Repaired));
    }

    [Fact]
    public async Task WithoutRepairMemberIndexes_TheAuditReportsTheDrift_AndChangesNothing()
    {
        var employer = await fixture.EmployerAsync("idx-report", Salford, 10);
        await App.Grains.GetCharter(Charter).RemoveMemberAsync(employer, (await LineAsync(employer)).Stamp + 1_000);
        var reportOnly = new MemberIndexAudit(App.Grains, Options.Create(new ChartersOptions { RepairMemberIndexes = false }), NullLogger<MemberIndexAudit>.Instance);

        var first = await reportOnly.RunOnceAsync();
        var second = await reportOnly.RunOnceAsync();
        var stillMissing = await fixture.MemberAsync(Charter, employer);
        await Audit.RunOnceAsync(); // leaves the shared platform without drift

        Assert.Contains(first.Drift, c => c.EmployerId == employer && c.Repair == ViewRepair.Reissue);
        Assert.Contains(second.Drift, c => c.EmployerId == employer);
        Assert.Equal((0, 0), (first.Repaired, second.Repaired));
        Assert.Null(stillMissing);
        Assert.NotNull(await fixture.MemberAsync(Charter, employer));
    }

    [Fact]
    public async Task MemberIndexHoldingAStaleTier_IsPutBackToTheEmployersTier()
    {
        var employer = await fixture.EmployerAsync("idx-tier", Salford, 10);
        var listed = (await fixture.MemberAsync(Charter, employer))!.Value;
        var line = await LineAsync(employer);
        await App.Grains.GetCharter(Charter).UpdateMemberAsync(employer, "Stale Tier", line.Since, line.Stamp + 1_000, line.Version);
        var injected = (await fixture.MemberAsync(Charter, employer))!.Value;

        var repaired = await Audit.RunOnceAsync();
        var after = (await fixture.MemberAsync(Charter, employer))!.Value;
        var again = await Audit.RunOnceAsync();

        Assert.Equal("Stale Tier", injected.GetProperty("tier").GetString());
        Assert.Contains(repaired.Drift, c => c.EmployerId == employer && c.Repair == ViewRepair.Reissue);
        Assert.Equal(listed.GetProperty("tier").ToString(), after.GetProperty("tier").ToString());
        Assert.NotEqual("Stale Tier", after.GetProperty("tier").ToString());
        Assert.Equal((0, 0), (again.Drift.Count, again.Repaired));
    }
}
