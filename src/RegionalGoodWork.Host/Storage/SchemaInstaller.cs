using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RegionalGoodWork.Host.Storage;

/// <summary>
/// Applies the project's own schema (tools/sql/&lt;provider&gt;/schema.sql) and upserts one
/// <c>OrleansQuery</c> row per file in tools/sql/&lt;provider&gt;/queries. Idempotent: it runs at
/// every start. On PostgreSQL it holds an advisory lock so silos starting together do not race.
/// </summary>
public static class SchemaInstaller
{
    private const long AdvisoryLockKey = 0x52_47_57_53_43_48; // "RGWSCH"

    public static async Task EnsureAsync(StorageSettings settings, CancellationToken cancellationToken = default)
    {
        var folder = settings.IsPostgres ? "postgres" : "sqlite";
        var schema = ReadResource($"sql/{folder}/schema.sql");
        var queries = QueryResources(folder);

        if (settings.IsPostgres)
        {
            await using var connection = new NpgsqlConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
            await ExecuteAsync(connection, tx, schema, cancellationToken);
            await UpsertQueriesAsync(connection, tx, queries,
                "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@k, @t) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText",
                cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        else
        {
            await using var connection = new SqliteConnection(settings.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, null, schema, cancellationToken);
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            await UpsertQueriesAsync(connection, tx, queries,
                "INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES (@k, @t) ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText",
                cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
    }

    /// <summary>The query keys this installer provides for a provider (for tests and diagnostics).</summary>
    public static IReadOnlyCollection<string> QueryKeys(string provider) =>
        QueryResources(provider == StorageSettings.Postgres ? "postgres" : "sqlite").Keys;

    private static async Task UpsertQueriesAsync(DbConnection connection, DbTransaction tx, IReadOnlyDictionary<string, string> queries, string sql, CancellationToken ct)
    {
        foreach (var (key, text) in queries)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            AddParameter(command, "k", key);
            AddParameter(command, "t", text);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static Dictionary<string, string> QueryResources(string folder)
    {
        var prefix = $"sql/{folder}/queries/";
        return typeof(SchemaInstaller).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .ToDictionary(n => n[prefix.Length..^4], ReadResource, StringComparer.Ordinal);
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(SchemaInstaller).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded SQL '{name}' is missing from {typeof(SchemaInstaller).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
