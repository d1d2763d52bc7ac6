using Microsoft.Extensions.Configuration;
using Npgsql;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Host.Storage;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Spine;

/// <summary>
/// The platform's PostgreSQL connection defaults (issue 15: writes near the database's limit): statements prepared once per
/// connection, no reset round trip on return to the pool, a pool sized to the cores — each only where the operator's
/// connection string leaves it unsaid.
/// </summary>
public sealed class StorageDefaultsTests
{
    [Fact]
    public void ConnectionStringSayingNothing_GetsPreparedStatements_NoReset_AndAPoolSizedToTheCores()
    {
        var settings = StorageSettings.From(Configuration("Host=127.0.0.1;Port=5432;Username=postgres;Database=rgw"));

        var cs = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal(20, cs.MaxAutoPrepare);
        Assert.True(cs.NoResetOnClose);
        Assert.Equal(StorageSettings.DefaultPoolSize(Environment.ProcessorCount), cs.MaxPoolSize);
        Assert.Equal(("127.0.0.1", 5432, "rgw"), (cs.Host, cs.Port, cs.Database));
        Assert.Equal(8, StorageSettings.DefaultPoolSize(1));
        Assert.Equal(32, StorageSettings.DefaultPoolSize(8));
    }

    [Fact]
    public void WhatTheOperatorWrote_IsKept_AliasesIncluded()
    {
        var settings = StorageSettings.From(Configuration("Host=db;Max Auto Prepare=0;MaxPoolSize=3;No Reset On Close=false"));

        var cs = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        Assert.Equal(0, cs.MaxAutoPrepare);
        Assert.Equal(3, cs.MaxPoolSize);
        Assert.False(cs.NoResetOnClose);
    }

    /// <summary>64 employers written at once: every write is acknowledged, through no more connections than the default pool.</summary>
    [Fact]
    public async Task ManyConcurrentWrites_UseNoMoreConnectionsThanThePool_AndAllAreStored()
    {
        await using var database = await TestDatabase.CreateAsync();
        var unsaid = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        unsaid.Remove("Maximum Pool Size"); // the connection string an operator writes without thinking of pools
        unsaid.ApplicationName = "rgw-pool-test"; // to tell the platform's connections from the test's
        await using var platform = await PlatformApp.StartOnPostgresAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = unsaid.ConnectionString }, database);

        var ids = Enumerable.Range(0, 64).Select(i => $"pool-{i:D2}").ToList();
        var written = await Task.WhenAll(ids.Select(id => platform.Grains.GetEmployer(id)
            .DefineAsync(new DefineEmployer($"Pool Test {id} Ltd", null, null, [new SiteInput("E08000003", 20)]))));

        Assert.All(written, w => Assert.True(w.IsOk, w.Problem?.Detail));
        Assert.Equal(64, await database.ScalarAsync<long>(
            "SELECT count(*) FROM rgw_grain_state WHERE grain_type = 'employer' AND grain_key LIKE 'pool-%' AND payload IS NOT NULL"));
        // Npgsql keeps idle connections open for minutes, so those open now are the most the burst had at once.
        await using var own = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
        await own.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'rgw-pool-test'", own);
        var open = (long)(await count.ExecuteScalarAsync())!;
        Assert.InRange(open, 1, StorageSettings.DefaultPoolSize(Environment.ProcessorCount));
    }

    private static IConfiguration Configuration(string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["ConnectionStrings:Postgres"] = connectionString,
        }).Build();
}
