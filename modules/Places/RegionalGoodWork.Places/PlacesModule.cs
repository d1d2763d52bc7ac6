using Microsoft.Extensions.Configuration;

namespace RegionalGoodWork.Places;

/// <summary>Registers the Places module in a silo. The one public type of the module.</summary>
public static class PlacesModule
{
    public static ISiloBuilder AddPlacesModule(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return silo;
    }
}
