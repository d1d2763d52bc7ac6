using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RegionalGoodWork.Charters;

/// <summary>Registers the Charters module in a silo. The one public type of the module.</summary>
public static class ChartersModule
{
    public static ISiloBuilder AddChartersModule(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        silo.Services.AddChartersOptions(configuration);

        // The charter grain still takes the bound value itself; new code takes IOptions<ChartersOptions>.
        silo.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<ChartersOptions>>().Value);
        silo.Services.AddSingleton<MemberIndexAudit>();
        silo.Services.AddHostedService<MemberIndexAuditService>();
        silo.AddStartupTask<DemoCharterSeeder>();
        silo.AddStartupTask<RateWatchStarter>();
        return silo;
    }
}
