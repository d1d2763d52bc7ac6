using RegionalGoodWork.SharedKernel;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using RegionalGoodWork.Host;

namespace RegionalGoodWork.TestKit;

/// <summary>
/// The real host (HTTP API + silo in one process) started in-process on 127.0.0.1 with free ports,
/// on PostgreSQL (a fresh database) or on SQLite (a data directory), for end-to-end HTTP tests.
/// </summary>
public sealed class PlatformApp : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key";

    private readonly bool ownsDatabase;

    private PlatformApp(WebApplication app, Uri baseAddress, TestDatabase? database, bool ownsDatabase, FakeTimeProvider clock)
    {
        this.ownsDatabase = ownsDatabase;
        App = app;
        Database = database;
        Clock = clock;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        Anonymous = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public WebApplication App { get; }

    public TestDatabase? Database { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient Http { get; }

    /// <summary>A client with no key.</summary>
    public HttpClient Anonymous { get; }

    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts on a fresh database (dropped on dispose), or on <paramref name="database"/> (left to the caller, e.g. for restarts).</summary>
    public static async Task<PlatformApp> StartOnPostgresAsync(IDictionary<string, string?>? settings = null, TestDatabase? database = null, LogCapture? logs = null)
    {
        var owns = database is null;
        database ??= await TestDatabase.CreateAsync();
        var all = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["Orleans:ClusterId"] = database.Name,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }

        return await StartAsync(all, database, owns, logs);
    }

    public static Task<PlatformApp> StartOnSqliteAsync(string dataDirectory, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "sqlite",
            ["Storage:DataDirectory"] = dataDirectory,
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }

        return StartAsync(all, null, false, null);
    }

    private static async Task<PlatformApp> StartAsync(Dictionary<string, string?> settings, TestDatabase? database, bool ownsDatabase, LogCapture? logs)
    {
        settings["urls"] = "http://127.0.0.1:0";
        settings["Auth:AdminApiKey"] = AdminKey;
        settings["Orleans:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Orleans:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
        var app = await PlatformHost.BuildAsync([], b =>
        {
            b.Configuration.AddInMemoryCollection(settings);
            b.Services.Replace(ServiceDescriptor.Singleton(new PlatformClock(clock)));
            if (logs is not null)
            {
                b.Logging.AddProvider(logs);
                b.Logging.AddFilter<LogCapture>(LogCapture.PlatformCategories, logs.MinimumLevel);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var platform = new PlatformApp(app, new Uri(address), database, ownsDatabase, clock);
        await Eventually.HoldsAsync(
            async () => (await platform.Anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode,
            s => s == HttpStatusCode.OK, "/health/ready to answer 200");
        return platform;
    }

    public async Task<T> GetJsonAsync<T>(string path) =>
        (await Http.GetFromJsonAsync<T>(new Uri(path, UriKind.Relative)))!;

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Anonymous.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (Database is not null && ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
