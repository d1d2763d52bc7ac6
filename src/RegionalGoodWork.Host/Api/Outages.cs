using System.Data.Common;
using System.Net.Sockets;
using Orleans.Runtime;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// Which failures are outages — something the caller can do nothing about but wait for: storage unreachable, a grain on
/// a silo that died, a call that timed out. They answer 503 with Retry-After, never 500. Exceptions cross grain calls as
/// copies, so the whole chain is examined, by type and, for copies Orleans could not rebuild, by the type's name.
/// </summary>
internal static class Outages
{
    /// <summary>How long a caller is asked to wait before retrying.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private static readonly string[] OutageTypeNames =
    [
        "Npgsql.NpgsqlException", "Npgsql.PostgresException", "Microsoft.Data.Sqlite.SqliteException", "System.Data.SQLite.SQLiteException",
        "System.Net.Sockets.SocketException", "System.TimeoutException",
    ];

    public static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case DbException or SocketException or TimeoutException:
                case OrleansMessageRejectionException or SiloUnavailableException:
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(IsOutage):
                    return true;
            }

            var name = e.GetType().FullName ?? string.Empty;
            if (OutageTypeNames.Contains(name, StringComparer.Ordinal) || OutageTypeNames.Any(n => e.Message.Contains(n, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}
