using System.Diagnostics;
using System.Globalization;

namespace RegionalGoodWork.TestKit;

/// <summary>
/// A PostgreSQL server of a test's own (tools/pg.sh in a temporary folder, a free loopback port), for tests that take
/// the whole server down — which the suite's shared server must never be. <see cref="CrashAsync"/> stops it as a power
/// cut would (immediate mode: no checkpoint, WAL recovery on the next start); <see cref="StartAsync()"/> brings the same
/// server back on the same port.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string folder;
    private readonly int port;

    private PrivatePostgres(string folder, int port, string connectionString)
    {
        this.folder = folder;
        this.port = port;
        ConnectionString = connectionString;
    }

    /// <summary>The server's connection string (database <c>rgw</c>); hand it to <see cref="TestDatabase.CreateAsync"/>.</summary>
    public string ConnectionString { get; }

    public static async Task<PrivatePostgres> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("rgw-private-pg.").FullName;
        var port = PlatformApp.FreePort();
        var connectionString = await PgAsync("start", folder, port.ToString(CultureInfo.InvariantCulture));
        return new PrivatePostgres(folder, port, connectionString.Trim());
    }

    /// <summary>Starts the server again after <see cref="CrashAsync"/>.</summary>
    public Task StartAgainAsync() => PgAsync("start", folder, port.ToString(CultureInfo.InvariantCulture));

    /// <summary>Stops the server at once, without a checkpoint, cutting every connection.</summary>
    public Task CrashAsync() => PgAsync("crash", folder);

    public async ValueTask DisposeAsync()
    {
        await PgAsync("stop", folder);
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<string> PgAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "tools", "pg.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not run tools/pg.sh");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"tools/pg.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}");
    }
}
