using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RegionalGoodWork.Access;
using RegionalGoodWork.Charters;
using RegionalGoodWork.Connectors;
using RegionalGoodWork.Employers;
using RegionalGoodWork.Host.Operations;
using RegionalGoodWork.Host.Storage;
using RegionalGoodWork.Places;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy;
using RegionalGoodWork.Webhooks;

namespace RegionalGoodWork.Host.Composition;

/// <summary>Composes a silo: its storage, the platform clock, then every module — the one list of modules.</summary>
public static class PlatformSilo
{
    /// <param name="silo">The silo being built.</param>
    /// <param name="configuration">Platform configuration.</param>
    /// <param name="ownsEndpoints">False under Orleans' TestingHost, which assigns cluster ids and loopback ports itself.</param>
    public static ISiloBuilder ConfigurePlatform(this ISiloBuilder silo, IConfiguration configuration, bool ownsEndpoints = true)
    {
        silo.AddPlatformStorage(configuration, ownsEndpoints);
        silo.Services.TryAddSingleton(PlatformClock.Real);

        silo.AddTaxonomyModule(configuration);
        silo.AddChartersModule(configuration);
        silo.AddEmployersModule(configuration);
        silo.AddPlacesModule(configuration);
        silo.AddAccessModule(configuration);
        silo.AddConnectorsModule(configuration);
        silo.AddWebhooksModule(configuration);

        silo.AddOperatorsDashboard(configuration); // Operations/: the admins' view of silos and grains
        if (TelemetryOptions.From(configuration).OtlpEndpoint is not null)
        {
            silo.AddActivityPropagation(); // grain calls join the request's trace (Operations/Telemetry.cs)
        }

        return silo;
    }
}
