using RegionalGoodWork.SharedKernel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using RegionalGoodWork.Host.Composition;
using RegionalGoodWork.Host.Storage;

namespace RegionalGoodWork.TestKit;

/// <summary>
/// An Orleans TestingHost cluster composed exactly like production (<see cref="PlatformSilo"/>, Host/Composition):
/// AdoNet grain storage, AdoNet clustering and AdoNet reminders on a real PostgreSQL database.
/// Silos listen on loopback only (TestingHost's default). Time is a <see cref="FakeTimeProvider"/>
/// shared by all silos, so tests move time instead of sleeping.
/// </summary>
public sealed class PlatformCluster : IAsyncDisposable
{
    private static readonly Dictionary<string, FakeTimeProvider> Clocks = new(StringComparer.Ordinal);

    private PlatformCluster(TestCluster cluster, TestDatabase database, FakeTimeProvider clock)
    {
        Cluster = cluster;
        Database = database;
        Clock = clock;
    }

    public TestCluster Cluster { get; }

    public TestDatabase Database { get; }

    public FakeTimeProvider Clock { get; }

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Starts a cluster of <paramref name="silos"/> silos on a fresh database (or on <paramref name="database"/>).</summary>
    public static async Task<PlatformCluster> StartAsync(
        int silos = 1,
        TestDatabase? database = null,
        string? serviceId = null,
        IDictionary<string, string>? settings = null)
    {
        database ??= await TestDatabase.CreateAsync();
        var clockKey = Guid.NewGuid().ToString("N");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
        lock (Clocks)
        {
            Clocks[clockKey] = clock;
        }

        var builder = new TestClusterBuilder((short)silos);
        builder.Options.UseTestClusterMembership = false;
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.Properties["Storage:Provider"] = StorageSettings.Postgres;
        builder.Properties["ConnectionStrings:Postgres"] = database.ConnectionString;
        builder.Properties["Tests:ClockKey"] = clockKey;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new PlatformCluster(cluster, database, clock);
    }

    /// <summary>Stops every silo but keeps the database (for restart tests).</summary>
    public async Task StopAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.StopAllSilosAsync();
        }
        finally
        {
            await Cluster.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var configuration = siloBuilder.Configuration;
            siloBuilder.ConfigurePlatform(configuration, ownsEndpoints: false);
            var clockKey = configuration["Tests:ClockKey"];
            if (clockKey is not null)
            {
                FakeTimeProvider clock;
                lock (Clocks)
                {
                    clock = Clocks[clockKey];
                }

                siloBuilder.Services.Replace(ServiceDescriptor.Singleton(new PlatformClock(clock)));
            }

            siloBuilder.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.FromSeconds(1));
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = configuration.GetConnectionString("Postgres");
            });
        }
    }
}
