using Orleans.Runtime;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Places;

[Collection(Collections.TwoSilos)]
public sealed class PlacesGrainTests(TwoSiloClusterFixture fixture)
{
    private const int CurrentYear = 2026;

    private IGrainFactory Grains => fixture.Cluster.Grains;

    /// <summary>
    /// The stored version of a grain's state. Orleans reads a string key that is valid hexadecimal (every English GSS code,
    /// e.g. E08000010) as an integer key, so the storage row carries it in grain_n1 rather than grain_key.
    /// </summary>
    private Task<int> StoredVersionAsync(string grainType, string key) =>
        fixture.Cluster.Database.ScalarAsync<int>(
            $"SELECT version FROM rgw_grain_state WHERE grain_type = '{grainType}' AND " +
            $"(grain_key = '{key}' OR grain_n1 = {Convert.ToInt64(key, 16).ToString(System.Globalization.CultureInfo.InvariantCulture)})");

    private async Task<IndicatorSet> LocalAuthorityAsync(string code) => (await Grains.GetLocalAuthority(code).GetIndicatorsAsync(CurrentYear)).Value!;

    [Fact]
    public async Task ShippedGeography_IsSeededOnce_AndAnswersIsKnownLocalAuthority()
    {
        Assert.True(await Grains.IsKnownLocalAuthorityAsync("E08000003"));
        Assert.False(await Grains.IsKnownLocalAuthorityAsync("E08999999"));
        Assert.False(await Grains.IsKnownLocalAuthorityAsync("not-a-code"));
        Assert.Equal("E61000001", (await Grains.GetLocalAuthority("E09000033").GetAsync()).Value!.RegionCode);
    }

    [Fact]
    public async Task Contributions_AfterDeactivation_AreReadBackFromPostgres()
    {
        var wigan = Grains.GetLocalAuthority("E08000010");
        var batch = Enumerable.Range(0, 6).Select(i => PlacesTestData.Member($"wigan-{i}", 10 + i, charterId: "gm-gec")).ToList();
        var applied = await wigan.ApplyContributionsAsync(batch);
        var before = await LocalAuthorityAsync("E08000010");
        var storedVersion = await StoredVersionAsync("local-authority", "E08000010");

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await Eventually.HoldsAsync(
            () => StoredVersionAsync("local-authority", "E08000010"),
            v => v > storedVersion, "the council's write-behind state to be flushed on deactivation");
        var after = await LocalAuthorityAsync("E08000010");

        Assert.Equal(new ContributionBatchResult(6, 0, 0), applied.Value);
        Assert.Equal(75m, after.Find(IndicatorIds.EmployeesCovered).Value);
        Assert.Equal(before.Indicators.Select(i => (i.Id, i.Value)), after.Indicators.Select(i => (i.Id, i.Value)));
        Assert.Equal(6, (await wigan.GetContributorsAsync()).Count);
    }

    [Fact]
    public async Task Redelivery_OfTheSameStamp_ChangesNothing_AndRemovalTakesTheEmployerOut()
    {
        var trafford = Grains.GetLocalAuthority("E08000009");
        for (var i = 0; i < 5; i++)
        {
            await trafford.ApplyContributionAsync(PlacesTestData.Member($"trafford-{i}", 20, stamp: 3, charterId: "gm-gec"));
        }

        var again = await trafford.ApplyContributionAsync(PlacesTestData.Member("trafford-0", 20, stamp: 3, charterId: "gm-gec"));
        var removed = await trafford.RemoveContributionAsync("trafford-4", 4);
        var late = await trafford.ApplyContributionAsync(PlacesTestData.Member("trafford-4", 20, stamp: 3, charterId: "gm-gec"));
        var indicators = await LocalAuthorityAsync("E08000009");

        Assert.Equal(ViewChange.Stale, again.Value.Change);
        Assert.Equal(ViewChange.Applied, removed.Value.Change);
        Assert.Equal(ViewChange.Stale, late.Value.Change);
        Assert.True(indicators.Find(IndicatorIds.EmployeesCovered).Suppressed);
        Assert.Equal(4, indicators.Find(IndicatorIds.EmployeesCovered).Basis.Employers);
    }

    [Fact]
    public async Task ApplyContribution_ToAnUnknownLocalAuthority_OrWithImpossibleFigures_IsRefused()
    {
        var unknown = await Grains.GetLocalAuthority("E08999998").ApplyContributionAsync(PlacesTestData.Member("x", 1));
        var invalid = await Grains.GetLocalAuthority("E08000006").ApplyContributionAsync(PlacesTestData.Member("x", 10, total: 5));

        Assert.Equal(ProblemKind.NotFound, unknown.Problem?.Kind);
        Assert.Equal(ProblemKind.Invalid, invalid.Problem?.Kind);
        Assert.Contains("totalHeadcount", invalid.Problem!.Errors!.Keys);
    }

    [Fact]
    public async Task CheckDrift_RecomputationWithAnEmployerTheLocalAuthorityMissed_ReportsIt()
    {
        var oldham = Grains.GetLocalAuthority("E08000004");
        var held = Enumerable.Range(0, 3).Select(i => PlacesTestData.Member($"oldham-{i}", 10, charterId: "gm-gec")).ToList();
        await oldham.ApplyContributionsAsync(held);

        var clean = await oldham.CheckDriftAsync(held);
        var drift = await oldham.CheckDriftAsync([.. held, PlacesTestData.Member("oldham-lost", 7, charterId: "gm-gec")]);

        Assert.False(clean.Value!.HasDrift);
        Assert.Equal(("oldham-lost", DriftKind.Missing), (drift.Value!.Employers.Single().EmployerId, drift.Value.Employers.Single().Kind));
        Assert.Contains(drift.Value.Totals, t => t.Measure == "employeesCovered" && t.Incremental == 30m && t.Recomputed == 37m);
    }

    [Fact]
    public async Task RegionFigures_FollowTheirLocalAuthorities_AfterTheRegionIsDeactivated()
    {
        var rochdale = Grains.GetLocalAuthority("E08000005");
        await rochdale.ApplyContributionsAsync(Enumerable.Range(0, 5).Select(i => PlacesTestData.Member($"rochdale-{i}", 100, charterId: "gm-gec")).ToList());

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var region = await Eventually.HoldsAsync(
            async () => (await Grains.GetRegion("E47000001").GetIndicatorsAsync(CurrentYear)).Value!,
            r => r.ByLocalAuthority.Single(c => c.Area == "E08000005").Find(IndicatorIds.EmployeesCovered).Value == 500m,
            "Greater Manchester to show Rochdale's 500 covered employees");

        Assert.Equal(10, region.ByLocalAuthority.Count);
    }
}
