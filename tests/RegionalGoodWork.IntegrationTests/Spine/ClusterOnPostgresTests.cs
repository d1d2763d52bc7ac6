using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Spine;

/// <summary>The spine: a 2-silo cluster on PostgreSQL through the real Orleans AdoNet providers.</summary>
public sealed class ClusterOnPostgresTests : IAsyncLifetime
{
    private PlatformCluster cluster = null!;

    public async Task InitializeAsync() => cluster = await PlatformCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task TwoSilos_JoinThroughAdoNetClustering_BothActiveOnLoopbackInMembershipTable()
    {
        var clusterId = cluster.Cluster.Options.ClusterId;

        var active = await cluster.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM rgw_cluster_silo WHERE deployment_id = '{clusterId}' AND status = 3");
        var offLoopback = await cluster.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM rgw_cluster_silo WHERE deployment_id = '{clusterId}' AND address <> '127.0.0.1'");

        Assert.Equal(2, active);
        Assert.Equal(0, offLoopback);
    }

    [Fact]
    public async Task GrainState_AfterActivationCollection_IsReadBackFromPostgres()
    {
        var probe = cluster.Grains.GetGrain<IProbeGrain>("collected");
        await probe.AddAsync(5);
        var before = await probe.ReadAsync();

        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await Eventually.HoldsAsync(probe.ReadAsync, r => r.Activation != before.Activation, "a new activation of the probe grain");

        Assert.Equal(5, after.Value);
        Assert.Equal(1, await cluster.Database.ScalarAsync<int>("SELECT version FROM rgw_grain_state WHERE grain_key = 'collected'"));
    }

    [Fact]
    public async Task GrainState_AfterTheHostingSiloStops_IsServedByTheOtherSiloFromStorage()
    {
        var probe = cluster.Grains.GetGrain<IProbeGrain>("moved");
        await probe.AddAsync(3);
        await probe.AddAsync(4);
        var before = await probe.ReadAsync();
        var hosting = cluster.Cluster.Silos.Single(s => s.SiloAddress.ToString() == before.Silo);

        await cluster.Cluster.StopSiloAsync(hosting);
        var after = await Eventually.HoldsAsync(probe.ReadAsync, r => r.Silo != before.Silo, "the grain to reactivate elsewhere");

        Assert.Equal(7, after.Value);
    }

    [Fact]
    public async Task ConcurrentWriters_WithTheSameVersion_SecondIsRejectedAndFirstWriteKept()
    {
        var primary = cluster.Cluster.Silos.OfType<InProcessSiloHandle>().First();
        IGrainStorage storage = primary.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var id = GrainId.Create("test-probe", "race");

        // Two first writes (neither has seen a row): only one may land.
        var firstA = new GrainState<ProbeState>(new ProbeState());
        var firstB = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("test-probe", id, firstA);
        await storage.ReadStateAsync("test-probe", id, firstB);
        firstA.State!.Value = 1;
        await storage.WriteStateAsync("test-probe", id, firstA);
        firstB.State!.Value = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("test-probe", id, firstB));

        // Two writers that read the same version: the second is refused.
        var a = new GrainState<ProbeState>(new ProbeState());
        var b = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("test-probe", id, a);
        await storage.ReadStateAsync("test-probe", id, b);
        a.State!.Value = 10;
        await storage.WriteStateAsync("test-probe", id, a);
        b.State!.Value = 20;
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("test-probe", id, b));

        var stored = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("test-probe", id, stored);
        Assert.Equal(10, stored.State!.Value);
        Assert.Equal("2", stored.ETag);
    }

    [Fact]
    public async Task Reminders_AreKeptInPostgres_AndRemovedWhenUnregistered()
    {
        var probe = cluster.Grains.GetGrain<IProbeGrain>("reminded");

        await probe.RemindAsync(true);
        var stored = await cluster.Database.ScalarAsync<long>("SELECT count(*) FROM rgw_reminder WHERE grain_id LIKE '%reminded%'");
        await probe.RemindAsync(false);
        var afterRemoval = await cluster.Database.ScalarAsync<long>("SELECT count(*) FROM rgw_reminder WHERE grain_id LIKE '%reminded%'");

        Assert.Equal(1, stored);
        Assert.Equal(0, afterRemoval);
    }
}
