using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace RegionalGoodWork.Host.Storage;

/// <summary>
/// Ready only while the platform's database answers: a grain held in memory may still answer reads, but a write would
/// fail, so a load balancer should send traffic elsewhere until it is back. One <c>SELECT 1</c>, bounded to 3 seconds.
/// </summary>
internal sealed class StorageReadyCheck(StorageSettings storage) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(Timeout);
        try
        {
            await using DbConnection connection = storage.IsPostgres
                ? new NpgsqlConnection(storage.ConnectionString)
                : new SqliteConnection(storage.ConnectionString);
            await connection.OpenAsync(bounded.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(bounded.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is DbException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"{storage.Provider} storage is not reachable", ex);
        }
    }
}
