using Microsoft.Extensions.Configuration;

namespace RegionalGoodWork.Access;

/// <summary>Registers the Access module in a silo (API keys; its grains are found by Orleans). The one public type.</summary>
public static class AccessModule
{
    public static ISiloBuilder AddAccessModule(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return silo;
    }
}
