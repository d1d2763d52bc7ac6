using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RegionalGoodWork.Host;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Bench;

/// <summary>The real platform host, in-process on PostgreSQL, on free loopback ports.</summary>
internal static class BenchHost
{
    public const string AdminKey = "bench-admin-key";

    public static async Task<(WebApplication App, HttpClient Http)> StartAsync(string connectionString, IDictionary<string, string?>? settings = null,
        PlatformClock? clock = null)
    {
        var app = await PlatformHost.BuildAsync([], b =>
        {
            // A caller's "Orleans:ClusterId" puts several hosts into one cluster (the scale-out bench); otherwise each is its own.
            var config = new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Storage:Provider"] = "postgres",
                ["ConnectionStrings:Postgres"] = connectionString,
                ["Auth:AdminApiKey"] = AdminKey,
                ["Api:RateLimit:AdminPermits"] = "100000000", // measures the platform at full speed; the limiter stays in the path
                ["Orleans:ClusterId"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
                ["Orleans:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                config[key] = value;
            }

            b.Configuration.AddInMemoryCollection(config);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            if (clock is not null)
            {
                b.Services.Replace(ServiceDescriptor.Singleton(clock));
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/health/ready", UriKind.Relative))).IsSuccessStatusCode)
                {
                    return (app, http);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("platform did not become ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static (double P50, double P95) Percentiles(List<double> samples)
    {
        samples.Sort();
        return (samples[samples.Count / 2], samples[(int)(samples.Count * 0.95)]);
    }
}
