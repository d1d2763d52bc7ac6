using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RegionalGoodWork.Places;

/// <summary>Registers the Places module in a silo. The one public type of the module.</summary>
public static class PlacesModule
{
    public static ISiloBuilder AddPlacesModule(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        silo.Services.AddPlacesOptions(configuration);
        silo.Services.AddSingleton<DriftAudit>();
        silo.Services.AddHostedService<DriftAuditService>();
        silo.AddStartupTask<GeographySeeder>(); // does nothing unless Modules:Places:SeedGeography
        silo.AddStartupTask<YearEndScheduler>(); // arms the year-end snapshots' reminder

        return silo;
    }
}
