using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RegionalGoodWork.Charters;

/// <summary>Registers the Charters module in a silo. The one public type of the module.</summary>
public static class ChartersModule
{
    public static ISiloBuilder AddChartersModule(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = ChartersOptions.From(configuration);
        silo.Services.AddSingleton(options);
        silo.AddStartupTask<DemoCharterSeeder>();
        return silo;
    }
}
