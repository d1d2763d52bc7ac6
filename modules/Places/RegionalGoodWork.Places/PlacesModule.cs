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
        var section = configuration.GetSection("Modules:Places");
        var seed = section.GetValue("SeedGeography", true);
        silo.Services.Configure<PlacesOptions>(o =>
        {
            o.MinimumEmployers = Math.Max(0, configuration.GetValue("Indicators:MinimumEmployers", 5));
            o.SeedGeography = seed;
            o.FlushInterval = section.GetValue("FlushInterval", TimeSpan.FromSeconds(5));
            o.DriftCheckInterval = section.GetValue("DriftCheckInterval", TimeSpan.FromHours(1));
            o.RepairDrift = section.GetValue("RepairDrift", true);
        });
        silo.Services.AddSingleton<DriftAudit>();
        silo.Services.AddHostedService<DriftAuditService>();
        if (seed)
        {
            silo.AddStartupTask<GeographySeeder>();
        }

        return silo;
    }
}
