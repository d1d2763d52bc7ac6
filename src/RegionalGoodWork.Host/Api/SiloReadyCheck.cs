using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Host.Api;

/// <summary>Ready when the silo is active and a grain can read its state from storage.</summary>
internal sealed class SiloReadyCheck(IGrainFactory grains, ILocalSiloDetails silo, Orleans.Runtime.ISiloStatusOracle oracle) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (oracle.CurrentStatus != SiloStatus.Active)
        {
            return HealthCheckResult.Unhealthy($"silo {silo.SiloAddress} is {oracle.CurrentStatus}");
        }

        try
        {
            await grains.GetTaxonomy().PingAsync().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("storage not reachable", ex);
        }
    }
}
