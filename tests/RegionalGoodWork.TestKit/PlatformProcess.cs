using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace RegionalGoodWork.TestKit;

/// <summary>
/// The built host (RegionalGoodWork.Host.dll) run as its own process on 127.0.0.1 with free ports, on a test
/// database, so a test can crash it the way a machine does: <see cref="KillAsync"/> is SIGKILL (kill -9), with no
/// shutdown, no deactivation and no flush. Configuration is passed as environment variables (<c>Section__Key</c>).
/// </summary>
public sealed class PlatformProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private PlatformProcess(Process process, Uri baseAddress, (int Silo, int Gateway) orleansPorts)
    {
        this.process = process;
        OrleansPorts = orleansPorts;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", PlatformApp.AdminKey);
    }

    /// <summary>The silo and gateway ports: a process restarted after a crash takes them again, as on a real machine.</summary>
    public (int Silo, int Gateway) OrleansPorts { get; }

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient Http { get; }

    /// <summary>The last lines the process wrote (for failure messages).</summary>
    public string Tail => string.Join('\n', output.TakeLast(40));

    /// <summary>
    /// Starts the host on <paramref name="database"/> with <paramref name="settings"/> and waits until /health/ready
    /// answers 200. <paramref name="restartOf"/>: a killed process whose machine this is, restarting (same Orleans
    /// ports, so the new silo supersedes the dead one's membership entry at once instead of waiting for it to be voted dead).
    /// </summary>
    public static async Task<PlatformProcess> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null, PlatformProcess? restartOf = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        var port = PlatformApp.FreePort();
        var orleansPorts = restartOf?.OrleansPorts ?? (PlatformApp.FreePort(), PlatformApp.FreePort());
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(HostDll)!,
        };
        start.ArgumentList.Add(HostDll);
        var environment = new Dictionary<string, string?>
        {
            ["RGW_URLS"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["RGW_STORAGE"] = "postgres",
            ["RGW_POSTGRES"] = database.ConnectionString,
            ["RGW_ADMIN_API_KEY"] = PlatformApp.AdminKey,
            ["RGW_DEMO"] = "false",
            ["RGW_SILO_PORT"] = orleansPorts.Silo.ToString(CultureInfo.InvariantCulture),
            ["RGW_GATEWAY_PORT"] = orleansPorts.Gateway.ToString(CultureInfo.InvariantCulture),
            ["Orleans__ClusterId"] = database.Name,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Api__RateLimit__AdminPermits"] = "1000000", // the load tests send thousands a second as the admin; the limiter stays in the path
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {HostDll}");
        var platform = new PlatformProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"), orleansPorts);
        process.OutputDataReceived += (_, e) => platform.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => platform.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.HoldsAsync(
                async () => process.HasExited ? HttpStatusCode.Gone : await platform.ReadyAsync(),
                s => s is HttpStatusCode.OK or HttpStatusCode.Gone,
                "the host process to answer /health/ready",
                TimeSpan.FromSeconds(60));
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host process exited ({process.ExitCode}):\n{platform.Tail}");
            }
        }
        catch (TimeoutException ex)
        {
            var tail = platform.Tail;
            await platform.DisposeAsync();
            throw new TimeoutException($"{ex.Message}\n{tail}", ex);
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }

        return platform;
    }

    /// <summary>SIGKILL, then waits for the process to be gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        Http.Dispose();
    }

    private static string HostDll
    {
        get
        {
            var (configuration, framework) = Repository.Build;
            var dll = Path.Combine(Repository.Root, "src", "RegionalGoodWork.Host", "bin", configuration, framework, "RegionalGoodWork.Host.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: the host is run from its build output.", dll);
        }
    }

    private async Task<HttpStatusCode> ReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return HttpStatusCode.ServiceUnavailable;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 200)
        {
            output.TryDequeue(out _);
        }
    }
}
