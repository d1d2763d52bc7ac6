using RegionalGoodWork.IntegrationTests.Employers;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Shared;

/// <summary>
/// The shared test platforms: one per xunit collection rather than one per test class (a platform start costs
/// seconds). Tests sharing one use their own ids (charters, councils, employers, years), so they never see each other.
/// Collections run one after another (xunit.runner.json), so only one platform is up at a time.
/// </summary>
public static class Collections
{
    /// <summary>The real host on PostgreSQL, shipped geography and demo charters seeded at start, clock at 1 May 2026.</summary>
    public const string Platform = "platform";

    /// <summary>A two-silo TestingHost cluster on PostgreSQL: grains of one test may live on different silos.</summary>
    public const string TwoSilos = "two-silo cluster";

    /// <summary>The host with write-through views and no disclosure threshold (<see cref="EmployersApp"/>).</summary>
    public const string Employers = "employers";

    /// <summary>
    /// Like <see cref="Employers"/>, apart: its tests move the business clock (days and years), which would shift the
    /// validity of every other test's evidence on a shared platform.
    /// </summary>
    public const string EmployersTime = "employers, clock moved";
}

public sealed class PlatformFixture : IAsyncLifetime
{
    public PlatformApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await PlatformApp.StartOnPostgresAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class TwoSiloClusterFixture : IAsyncLifetime
{
    public PlatformCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await PlatformCluster.StartAsync(silos: 2);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Collections.Platform)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>;

[CollectionDefinition(Collections.TwoSilos)]
public sealed class TwoSiloCollection : ICollectionFixture<TwoSiloClusterFixture>;

[CollectionDefinition(Collections.Employers)]
public sealed class EmployersCollection : ICollectionFixture<EmployersApp>;

[CollectionDefinition(Collections.EmployersTime)]
public sealed class EmployersTimeCollection : ICollectionFixture<EmployersApp>;
