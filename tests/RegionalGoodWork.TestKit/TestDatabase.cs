using Npgsql;
using RegionalGoodWork.Host.Storage;

namespace RegionalGoodWork.TestKit;

/// <summary>
/// A fresh, empty PostgreSQL database on the server that tools/test.sh started
/// (connection string in <c>RGW_TEST_POSTGRES</c>), with the platform schema applied.
/// Each fixture gets its own database, so test classes never see each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string serverConnectionString;

    private TestDatabase(string name, string connectionString, string serverConnectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        this.serverConnectionString = serverConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("RGW_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                "RGW_TEST_POSTGRES is not set. Run the tests with tools/test.sh, which starts a throwaway PostgreSQL " +
                "and sets it (or set it to a server you run: Host=127.0.0.1;Port=5432;Username=postgres).");

    /// <summary>A fresh database on the test server, or on <paramref name="serverConnectionString"/> (a <see cref="PrivatePostgres"/>).</summary>
    public static async Task<TestDatabase> CreateAsync(bool applySchema = true, string? serverConnectionString = null)
    {
        serverConnectionString ??= ServerConnectionString;
        var name = $"rgw_t_{Guid.NewGuid():N}"[..24];
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var cs = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, MaxPoolSize = 50 }.ConnectionString;
        var db = new TestDatabase(name, cs, serverConnectionString);
        if (applySchema)
        {
            await SchemaInstaller.EnsureAsync(db.Settings);
        }

        return db;
    }

    public StorageSettings Settings => new(StorageSettings.Postgres, ConnectionString, Path.GetTempPath());

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>An outage: the database refuses new connections and every open one is cut (or, reachable, lets them in again).</summary>
    public async Task SetReachableAsync(bool reachable)
    {
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        var sql = reachable
            ? $"ALTER DATABASE {Name} WITH ALLOW_CONNECTIONS true"
            : $"ALTER DATABASE {Name} WITH ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}'";
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
