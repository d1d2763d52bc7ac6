using Microsoft.Extensions.Configuration;

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

                return new StorageSettings(Postgres, cs, dataDirectory);
            case Sqlite:
                Directory.CreateDirectory(dataDirectory);
                var file = Path.Combine(dataDirectory, "regionalgoodwork.db");
                return new StorageSettings(Sqlite, $"Data Source={file};Pooling=True", dataDirectory);
            default:
                throw new InvalidOperationException($"Storage:Provider must be 'sqlite' or 'postgres', not '{provider}'.");
        }
    }
}
