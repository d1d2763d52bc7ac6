using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RegionalGoodWork.Connectors.Contracts;
using RegionalGoodWork.Connectors.Integrations;
using RegionalGoodWork.Connectors.Sync;

namespace RegionalGoodWork.Connectors;

/// <summary>Registers the Connectors module in a silo. The one public type of the module.</summary>
public static class ConnectorsModule
{
    public static ISiloBuilder AddConnectorsModule(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var services = silo.Services;
        services.AddConnectorOptions(configuration);
        services.AddSingleton<ConnectorCircuits>();
        // The partner counts its window in real time, whatever the platform's clock says (tests move that one).
        services.AddSingleton(_ => new ConnectorRateLimits(TimeProvider.System));
        services.AddTransient<CompanyNumberMatcher>();
        services.AddTransient<PartnerEvidenceWriter>();
        services.AddConnectorClient<ILivingWageRegisterApi>(ConnectorIds.LivingWageRegister);
        services.AddConnectorClient<IGenderPayGapApi>(ConnectorIds.GenderPayGapService);
        services.AddTransient<IConnectorJob, LivingWageRegisterJob>();
        services.AddTransient<IConnectorJob, GenderPayGapJob>();
        services.AddConnectorClient<ICompaniesHouseApi>(ConnectorIds.CompaniesHouse, ConnectorAuth.BasicUserName);
        services.AddTransient<IConnectorJob, CompaniesHouseJob>();
        services.AddConnectorClient<IOnsApi>(ConnectorIds.Ons);
        services.AddTransient<IConnectorJob, OnsJob>();
        services.AddConnectorClient<IContractsFinderApi>(ConnectorIds.ContractsFinder);
        services.AddTransient<IConnectorJob, ContractsFinderJob>();

        // Each connector's schedule is a reminder: armed (or re-timed, or removed when switched off) as the silo starts.
        silo.AddStartupTask(async (sp, _) =>
        {
            var grains = sp.GetRequiredService<IGrainFactory>();
            await Task.WhenAll(ConnectorIds.All.Select(id => grains.GetConnectorSync(id).EnsureScheduleAsync()));
        });
        return silo;
    }
}
