using Microsoft.Extensions.Configuration;
using Npgsql;

namespace RegionalGoodWork.Host.Storage;

/// <summary>Where the platform keeps its state: <c>Storage:Provider</c> = <c>sqlite</c> (embedded default) or <c>postgres</c>.</summary>
public sealed record StorageSettings(string Provider, string ConnectionString, string DataDirectory)
{
    public const string Postgres = "postgres";
    public const string Sqlite = "sqlite";

    /// <summary>The invariant the Orleans ADO.NET providers use for each database.</summary>
    public string Invariant => Provider == Postgres ? "Npgsql" : "System.Data.SQLite";

    public bool IsPostgres => Provider == Postgres;

    public static StorageSettings From(IConfiguration configuration)
    {
        var provider = (configuration["Storage:Provider"] ?? Sqlite).Trim().ToLowerInvariant();
        var dataDirectory = Path.GetFullPath(configuration["Storage:DataDirectory"] ?? ".data");
        switch (provider)
        {
            case Postgres:
                var cs = configuration.GetConnectionString("Postgres");
                if (string.IsNullOrWhiteSpace(cs))
                {
                    throw new InvalidOperationException("Storage:Provider=postgres needs ConnectionStrings:Postgres.");
                }

                return new StorageSettings(Postgres, WithPlatformDefaults(cs, Environment.ProcessorCount), dataDirectory);
            case Sqlite:
                Directory.CreateDirectory(dataDirectory);
                var file = Path.Combine(dataDirectory, "regionalgoodwork.db");
                return new StorageSettings(Sqlite, $"Data Source={file};Pooling=True", dataDirectory);
            default:
                throw new InvalidOperationException($"Storage:Provider must be 'sqlite' or 'postgres', not '{provider}'.");
        }
    }

    /// <summary>Connections per silo when the connection string does not say: a few per core keeps PostgreSQL's backends
    /// from crowding the CPU (issue 15's measurements; the pool queues the rest), at least eight.</summary>
    public static int DefaultPoolSize(int processors) => Math.Max(8, 4 * processors);

    /// <summary>
    /// The operator's Npgsql connection string with the platform's defaults for what it leaves unsaid: <c>Max Auto Prepare=20</c>
    /// (the storage statements are parsed and planned once per connection, not per call), <c>No Reset On Close=true</c> (the
    /// platform keeps no session state — its one lock is transaction-scoped — so a pooled connection needs no reset round
    /// trip) and <c>Maximum Pool Size</c> = <see cref="DefaultPoolSize"/>. A key the string names, to any value, is kept as
    /// written (e.g. <c>Max Auto Prepare=0</c> behind a PgBouncer in transaction mode).
    /// </summary>
    public static string WithPlatformDefaults(string connectionString, int processors)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var named = builder.Keys.Cast<string>().ToHashSet(StringComparer.OrdinalIgnoreCase); // the keys written, aliases canonical
        if (!named.Contains("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 20;
        }

        if (!named.Contains("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        if (!named.Contains("Maximum Pool Size"))
        {
            builder.MaxPoolSize = DefaultPoolSize(processors);
        }

        return builder.ConnectionString;
    }
}
