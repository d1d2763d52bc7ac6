using Microsoft.Extensions.Configuration;

namespace RegionalGoodWork.Employers;

/// <summary>Registers the Employers module in a silo. The one public type of the module.</summary>
public static class EmployersModule
{
    public static ISiloBuilder AddEmployersModule(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return silo;
    }
}
