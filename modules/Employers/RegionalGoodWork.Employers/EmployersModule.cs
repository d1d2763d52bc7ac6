using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RegionalGoodWork.Employers;

/// <summary>Registers the Employers module in a silo. The one public type of the module.</summary>
public static class EmployersModule
{
    public static ISiloBuilder AddEmployersModule(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);

        // Silo-wide caches: the evidence catalogue (refreshed every 30 s and on a failed validation) and published
        // charter versions (immutable, so kept by charter and version).
        silo.Services.AddEmployersOptions(configuration);
        silo.Services.AddSingleton<CatalogueCache>();
        silo.Services.AddSingleton<Assessment.WageRateCache>();
        silo.Services.AddSingleton<CharterDirectory>();
        return silo;
    }
}
