using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Storage;

namespace RegionalGoodWork.Host.Storage;

/// <summary>A silo's storage: grain state, reminders and clustering for the chosen provider (<see cref="StorageSettings"/>).</summary>
public static class PlatformStorage
{
    public const string DefaultServiceId = "regionalgoodwork";

    /// <param name="silo">The silo being built.</param>
    /// <param name="configuration">Platform configuration.</param>
    /// <param name="ownsEndpoints">False under Orleans' TestingHost, which assigns cluster ids and loopback ports itself.</param>
    public static ISiloBuilder AddPlatformStorage(this ISiloBuilder silo, IConfiguration configuration, bool ownsEndpoints = true)
    {
        var storage = StorageSettings.From(configuration);
        var siloPort = configuration.GetValue("Orleans:SiloPort", 11111);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", 30000);

        silo.AddAdoNetGrainStorageAsDefault(o =>
        {
            o.Invariant = storage.Invariant;
            o.ConnectionString = storage.ConnectionString;
        });
        // Idempotency-Key answers (Api/Idempotency): same database, but an expired answer's row is deleted, not emptied.
        silo.AddAdoNetGrainStorage(Api.Idempotency.IdempotencyGrain.Storage, o =>
        {
            o.Invariant = storage.Invariant;
            o.ConnectionString = storage.ConnectionString;
            o.DeleteStateOnClear = true;
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = storage.Invariant;
            o.ConnectionString = storage.ConnectionString;
        });
        // Orleans' floor under reminder periods (1 minute); tests lower it so that waiting for a reminder takes seconds.
        if (configuration.GetValue<TimeSpan?>("Orleans:MinimumReminderPeriod") is { } minimumPeriod)
        {
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = minimumPeriod);
        }

        if (ownsEndpoints)
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ServiceId = configuration["Orleans:ServiceId"] ?? DefaultServiceId;
                o.ClusterId = configuration["Orleans:ClusterId"] ?? "rgw";
            });
            if (storage.IsPostgres)
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = storage.Invariant;
                    o.ConnectionString = storage.ConnectionString;
                });
                // Loopback unless told otherwise: silos on other machines need the address they reach this one at.
                silo.ConfigureEndpoints(AdvertisedAddress(configuration), siloPort, gatewayPort, listenOnAnyHostAddress: false);
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort);
            }
        }
        else if (storage.IsPostgres)
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = storage.Invariant;
                o.ConnectionString = storage.ConnectionString;
            });
        }

        // Grain state is written with Orleans' own version-tolerant serializer ([GenerateSerializer] + [Id]),
        // so renaming a state class is not a data migration (see README, decision log).
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        return silo;
    }

    /// <summary>
    /// <c>Orleans:AdvertisedAddress</c> (<c>RGW_ADVERTISED_ADDRESS</c>): the IP address this silo listens on and gives
    /// other silos in the membership table. Default 127.0.0.1: one machine, nothing reachable from outside it.
    /// </summary>
    public static IPAddress AdvertisedAddress(IConfiguration configuration)
    {
        var text = configuration["Orleans:AdvertisedAddress"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return IPAddress.Loopback;
        }

        // A wildcard (all zeros) names no host: other silos could not reach it, and it would listen on every interface.
        return IPAddress.TryParse(text.Trim(), out var address) && address.GetAddressBytes().Any(b => b != 0)
            ? address
            : throw new InvalidOperationException(
                $"Orleans:AdvertisedAddress must be the IP address other silos reach this one at (e.g. 10.0.0.5), not '{text}'.");
    }
}
