using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Geography;

namespace RegionalGoodWork.Places;

/// <summary>
/// The background check of the incremental indicators: for every council holding contributions, ask each employer
/// it counts to recompute its contribution from its own state, and let the council compare (it logs any drift).
/// Runs outside any grain, so a council never waits on an employer that is waiting on it. Employers are asked in
/// bounded batches. With <c>Modules:Places:RepairDrift</c> the fresh contributions are then re-applied: a council
/// that fell behind (a lost write-behind flush) catches up, because the fresh stamps are newer than the ones it holds.
/// </summary>
internal sealed class DriftAudit(IGrainFactory grains, IOptions<PlacesOptions> options, ILogger<DriftAudit> logger)
{
    private const int Batch = 64;

    public async Task<IReadOnlyList<DriftReport>> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var reports = new List<DriftReport>();
        foreach (var localAuthority in ShippedGeography.Shipped.LocalAuthorities.Select(c => c.Code))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var grain = grains.GetLocalAuthority(localAuthority);
            var contributors = await grain.GetContributorsAsync();
            if (contributors.Count == 0)
            {
                continue;
            }

            var fresh = new List<EmployerContribution>();
            foreach (var chunk in contributors.Chunk(Batch)) // removed ones too: a council that lost an employer still lists it
            {
                var recomputed = await Task.WhenAll(chunk.Select(c =>
                    grains.GetEmployerContributionSource(c.EmployerId).RecomputeContributionsAsync()));
                fresh.AddRange(recomputed.Select(r => r.GetValueOrDefault(localAuthority)).OfType<EmployerContribution>());
            }

            var report = await grain.CheckDriftAsync(fresh);
            if (!report.IsOk)
            {
                continue;
            }

            reports.Add(report.Value!);
            if (report.Value!.HasDrift && options.Value.RepairDrift)
            {
                await grain.ApplyContributionsAsync(fresh);
                logger.DriftRepaired(localAuthority, fresh.Count);
            }
        }

        return reports;
    }
}

/// <summary>Runs <see cref="DriftAudit"/> every <c>Modules:Places:DriftCheckInterval</c> (zero disables it).</summary>
internal sealed class DriftAuditService(DriftAudit audit, IOptions<PlacesOptions> options, ILogger<DriftAuditService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.DriftCheckInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var reports = await audit.RunOnceAsync(stoppingToken);
                logger.AuditCompleted(reports.Count, reports.Count(r => r.HasDrift));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.AuditFailed(ex);
            }
        }
    }
}
