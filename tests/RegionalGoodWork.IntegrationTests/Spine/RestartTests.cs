using RegionalGoodWork.Host.Storage;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Spine;

public sealed class RestartTests
{
    [Fact]
    public async Task GrainState_AfterWholeClusterRestart_IsRestoredFromPostgres()
    {
        await using var database = await TestDatabase.CreateAsync();
        var serviceId = "restart-" + Guid.NewGuid().ToString("N")[..8];

        var first = await PlatformCluster.StartAsync(silos: 1, database, serviceId);
        await first.Grains.GetGrain<IProbeGrain>("durable").AddAsync(42);
        await first.StopAsync();

        var second = await PlatformCluster.StartAsync(silos: 1, database, serviceId);
        try
        {
            var reading = await second.Grains.GetGrain<IProbeGrain>("durable").ReadAsync();
            Assert.Equal(42, reading.Value);
        }
        finally
        {
            await second.StopAsync();
        }
    }

    [Fact]
    public async Task SchemaScripts_AppliedTwice_LeaveOneQueryRowPerKey()
    {
        await using var database = await TestDatabase.CreateAsync(applySchema: false);

        await SchemaInstaller.EnsureAsync(database.Settings);
        await database.ExecuteAsync("INSERT INTO rgw_cluster_version (deployment_id, version) VALUES ('kept', 7)");
        await SchemaInstaller.EnsureAsync(database.Settings);

        var rows = await database.ScalarAsync<long>("SELECT count(*) FROM OrleansQuery");
        var distinct = await database.ScalarAsync<long>("SELECT count(DISTINCT QueryKey) FROM OrleansQuery");
        var kept = await database.ScalarAsync<int>("SELECT version FROM rgw_cluster_version WHERE deployment_id = 'kept'");
        Assert.Equal(SchemaInstaller.QueryKeys(StorageSettings.Postgres).Count, rows);
        Assert.Equal(rows, distinct);
        Assert.Equal(7, kept);
        Assert.Contains("WriteToStorageKey", SchemaInstaller.QueryKeys(StorageSettings.Postgres));
    }

    [Fact]
    public async Task SqliteMode_KeepsGrainStateAcrossARestart()
    {
        var dataDir = Directory.CreateTempSubdirectory("rgw-sqlite-").FullName;
        try
        {
            await using (var first = await PlatformApp.StartOnSqliteAsync(dataDir))
            {
                await first.Grains.GetGrain<IProbeGrain>("embedded").AddAsync(11);
                await first.Grains.GetGrain<IProbeGrain>("embedded").AddAsync(1);
                await first.Grains.GetGrain<IProbeGrain>("embedded").RemindAsync(true);
            }

            await using var second = await PlatformApp.StartOnSqliteAsync(dataDir);
            var reading = await second.Grains.GetGrain<IProbeGrain>("embedded").ReadAsync();

            Assert.Equal(12, reading.Value);
            await using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDir, "regionalgoodwork.db")}");
            await sqlite.OpenAsync();
            await using var command = sqlite.CreateCommand();
            command.CommandText = "SELECT count(*) FROM rgw_reminder WHERE grain_id LIKE '%embedded%'";
            Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
