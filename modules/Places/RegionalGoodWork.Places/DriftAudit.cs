using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Contributions;
using RegionalGoodWork.Places.Geography;
using RegionalGoodWork.Places.Grains;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Places;

/// <summary>What one audit found and repaired: a report per council that holds or should hold contributions.</summary>
internal sealed record DriftAuditResult(IReadOnlyList<DriftReport> Reports, int Repairs)
{
    public int Drifting => Reports.Count(r => r.HasDrift);
}

/// <summary>
/// The background check of the incremental indicators against the employers (the source of truth). It visits every
/// council defined on the platform (the places directory, plus the shipped list in case a seed stopped half-way), active
/// or not, and for each: reads the employers it lists (tombstones included), asks each to recompute its contribution,
/// and lets the council compare (<see cref="DriftCheck"/>; it logs). A listed stamp above the employer's line is drift
/// too (<see cref="DriftKind.Ahead"/>): the lines were read before the employer was asked, so no race explains it.
/// Employers a council should hold but does not list at all are found through the other councils: each recomputation
/// names every council the employer has staff in, and a council that was visited without listing it is missing it.
/// Employers no council lists at all are out of its reach (their own outbox re-tells what a council has not stored).
/// With <c>Modules:Places:RepairDrift</c> each drifting employer is shown the line the council holds and puts it right
/// through the council's ordinary stamped update (told again, or issued again above the held stamp:
/// <see cref="IEmployerContributionSource.RepairContributionAsync"/>); totals that still differ from the held
/// contributions are rebuilt from them. A second run finds nothing. Runs outside any grain, so a council never waits on
/// an employer that is waiting on it; employers are asked in bounded batches, one council at a time, and the audit keeps
/// only ids across councils (which council lists which employer, which councils each employer has staff in).
/// </summary>
internal sealed class DriftAudit(IGrainFactory grains, IOptions<PlacesOptions> options, ILogger<DriftAudit> logger)
{
    private const int Batch = 64;

    public async Task<DriftAuditResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var councils = await CouncilsAsync();
        var reports = new SortedDictionary<string, DriftReport>(StringComparer.Ordinal);
        var listed = new HashSet<(string Council, string Employer)>();
        var staffIn = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var repair = options.Value.RepairDrift;
        var repairs = 0;
        foreach (var code in councils)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var council = grains.GetLocalAuthorityRollup(code);
            var contributors = await council.GetContributorsAsync(); // read before the employers are asked
            if (contributors.Count == 0)
            {
                continue;
            }

            var fresh = new Dictionary<string, EmployerContribution>(StringComparer.Ordinal);
            foreach (var chunk in contributors.Chunk(Batch)) // removed ones too: a council that lost an employer still lists it
            {
                var recomputed = await Task.WhenAll(chunk.Select(c =>
                    grains.GetEmployerContributionSource(c.EmployerId).RecomputeContributionsAsync()));
                foreach (var (contributor, contributions) in chunk.Zip(recomputed))
                {
                    listed.Add((code, contributor.EmployerId));
                    staffIn[contributor.EmployerId] = [.. contributions.Where(c => !c.Value.IsRemoval).Select(c => c.Key)];
                    if (contributions.GetValueOrDefault(code) is { IsRemoval: false } mine)
                    {
                        fresh[contributor.EmployerId] = mine;
                    }
                }
            }

            var checkedOut = await council.CheckDriftAsync([.. fresh.Values]);
            if (!checkedOut.IsOk)
            {
                continue;
            }

            var report = checkedOut.Value!;
            var ahead = contributors
                .Where(c => c.Headcount > 0 && fresh.TryGetValue(c.EmployerId, out var f) && c.Stamp > f.Stamp)
                .Where(c => report.Employers.All(e => e.EmployerId != c.EmployerId))
                .Select(c => new EmployerDrift(c.EmployerId, DriftKind.Ahead,
                    $"Held stamp {c.Stamp}, above the employer's line at stamp {fresh[c.EmployerId].Stamp}: a line the employer never told."))
                .ToList();
            foreach (var drift in ahead)
            {
                logger.EmployerDrift(code, drift.EmployerId, drift.Kind, drift.Detail);
            }

            report = report with { Employers = [.. report.Employers, .. ahead] };
            reports[code] = report;
            if (report.HasDrift && repair)
            {
                repairs += await RepairAsync(council, code, report.Employers.Select(e => e.EmployerId));
                if (report.Totals.Count > 0 && await council.RebuildTotalsAsync())
                {
                    repairs++;
                    logger.TotalsRebuilt(code);
                }
            }
        }

        // Councils an employer has staff in but that did not list it at all (no line, not even a tombstone).
        var defined = councils.ToHashSet(StringComparer.Ordinal);
        foreach (var missing in staffIn
                     .SelectMany(e => e.Value.Where(defined.Contains).Select(code => (Council: code, Employer: e.Key)))
                     .Where(p => !listed.Contains(p))
                     .GroupBy(p => p.Council, StringComparer.Ordinal)
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var code = missing.Key;
            var drifts = missing.Select(p => new EmployerDrift(p.Employer, DriftKind.Missing,
                "Not listed here, though the employer has staff here (found through another council).")).ToList();
            foreach (var drift in drifts)
            {
                logger.EmployerDrift(code, drift.EmployerId, drift.Kind, drift.Detail);
            }

            reports[code] = reports.TryGetValue(code, out var held)
                ? held with { Employers = [.. held.Employers, .. drifts] }
                : new DriftReport(code, 0, drifts, []);
            if (repair)
            {
                repairs += await RepairAsync(grains.GetLocalAuthorityRollup(code), code, drifts.Select(d => d.EmployerId));
            }
        }

        return new DriftAuditResult([.. reports.Values], repairs);
    }

    /// <summary>Shows each employer the line the council holds for it (read first) and lets it put the council right; how many it repaired.</summary>
    private async Task<int> RepairAsync(ILocalAuthorityRollupGrain council, string code, IEnumerable<string> employers)
    {
        var repaired = 0;
        foreach (var chunk in employers.Distinct(StringComparer.Ordinal).Chunk(Batch))
        {
            var done = await Task.WhenAll(chunk.Select(async id =>
                await grains.GetEmployerContributionSource(id).RepairContributionAsync(code, await council.GetContributionAsync(id))));
            repaired += done.Count(r => r != ViewRepair.InSync);
        }

        if (repaired > 0)
        {
            logger.DriftRepaired(code, repaired);
        }

        return repaired;
    }

    private async Task<IReadOnlyList<string>> CouncilsAsync()
    {
        var catalogue = await grains.GetPlacesDirectory().GetCatalogueAsync();
        return catalogue.LocalAuthorities
            .Union(ShippedGeography.Shipped.LocalAuthorities.Select(c => c.Code), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
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
                var result = await audit.RunOnceAsync(stoppingToken);
                logger.AuditCompleted(result.Reports.Count, result.Drifting, result.Repairs);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.AuditFailed(ex);
            }
        }
    }
}
