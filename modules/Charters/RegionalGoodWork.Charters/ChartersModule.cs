using Microsoft.Extensions.Configuration;

namespace RegionalGoodWork.Charters;

/// <summary>Registers the Charters module in a silo. The one public type of the module.</summary>
public static class ChartersModule
{
    public static ISiloBuilder AddChartersModule(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return silo;
    }
}
