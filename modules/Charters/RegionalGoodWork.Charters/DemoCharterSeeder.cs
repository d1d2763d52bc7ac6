using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Charters.Contracts;

namespace RegionalGoodWork.Charters;

/// <summary>
/// At silo start, drafts and publishes each shipped demo charter that has no published version yet. Idempotent (a
/// charter already published is left alone, whatever its content) and safe when several silos start together (the
/// charter grain does it in one turn). Off with <c>Modules:Charters:SeedDemo=false</c>.
/// </summary>
internal sealed class DemoCharterSeeder(IGrainFactory grains, IOptions<ChartersOptions> options, ILogger<DemoCharterSeeder> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedDemo)
        {
            return;
        }

        foreach (var (charterId, json) in DemoCharters.Load())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = await grains.GetCharterInternal(charterId).EnsurePublishedAsync(json);
            if (outcome.Problem is { } problem)
            {
                // A broken shipped file is a bug the tests catch; the platform still starts without that charter.
                logger.DemoCharterRejected(charterId, problem.Detail ?? problem.Title,
                    string.Join("; ", (problem.Errors ?? []).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            }
            else
            {
                logger.DemoCharterSeeded(charterId, outcome.Value!.Version);
            }
        }
    }
}
