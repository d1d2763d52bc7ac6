using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Charters.Contracts;

namespace RegionalGoodWork.Charters;

/// <summary>What one member index audit found: every line that differed from its employer, and how many were put right.</summary>
internal sealed record MemberAuditResult(int Charters, int Employers, IReadOnlyList<MemberLineCheck> Drift, int Repaired);

/// <summary>
/// The background check of the member indexes (derived views) against the employers (the source of truth). It reads every
/// published charter's index (the charter registry's list), tombstones included, and shows each employer listed anywhere
/// every line held for it (<see cref="IMemberIndexSource.CheckMemberLinesAsync"/>). The employer compares them with its
/// memberships — a line it should not have (it left the charter, or does not exist), a stale tier, a stamp it never
/// issued, and a charter it is an active member of whose index does not list it (found because another index does) —
/// and, with <c>Modules:Charters:RepairMemberIndexes</c>, puts each right through the index's ordinary stamped update.
/// Lines are read before the employers are asked, so a change racing the audit is judged by the employer against what
/// it told, never undone. A second run finds nothing. Runs outside any grain; employers are asked in bounded batches.
/// An employer no index lists at all is out of its reach (its own outbox re-tells what an index has not stored).
/// </summary>
internal sealed class MemberIndexAudit(IGrainFactory grains, IOptions<ChartersOptions> options, ILogger<MemberIndexAudit> logger)
{
    private const int Batch = 64;

    public async Task<MemberAuditResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var charters = await grains.GetCharterRegistry().ListAsync();
        var lines = new Dictionary<string, List<MemberLine>>(StringComparer.Ordinal);
        foreach (var charter in charters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var line in await grains.GetCharterInternal(charter.Id).GetMemberLinesAsync())
            {
                if (!lines.TryGetValue(line.EmployerId, out var held))
                {
                    lines[line.EmployerId] = held = [];
                }

                held.Add(line);
            }
        }

        var repair = options.Value.RepairMemberIndexes;
        var drift = new List<MemberLineCheck>();
        foreach (var chunk in lines.OrderBy(l => l.Key, StringComparer.Ordinal).Chunk(Batch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var checks = await Task.WhenAll(chunk.Select(l => grains.GetMemberIndexSource(l.Key).CheckMemberLinesAsync(l.Value, repair)));
            drift.AddRange(checks.SelectMany(c => c));
        }

        foreach (var check in drift)
        {
            ChartersLog.MemberLineDrift(logger, check.CharterId, check.EmployerId, check.Detail, check.Repair);
        }

        var result = new MemberAuditResult(charters.Count, lines.Count, drift, repair ? drift.Count : 0);
        ChartersLog.MemberAuditCompleted(logger, result.Charters, result.Employers, drift.Count, result.Repaired);
        return result;
    }
}

/// <summary>Runs <see cref="MemberIndexAudit"/> every <c>Modules:Charters:MemberAuditInterval</c> (zero disables it).</summary>
internal sealed class MemberIndexAuditService(MemberIndexAudit audit, IOptions<ChartersOptions> options, ILogger<MemberIndexAuditService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.MemberAuditInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await audit.RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                ChartersLog.MemberAuditFailed(logger, ex);
            }
        }
    }
}
