using Microsoft.Extensions.Logging;
using RegionalGoodWork.Places.Grains;

namespace RegionalGoodWork.Places;

/// <summary>
/// At silo start, makes sure the year-end run's reminder exists (and lets it catch up on a year that ended while the
/// platform was down). A failure is logged and does not stop the silo; the next start tries again.
/// </summary>
internal sealed class YearEndScheduler(IGrainFactory grains, ILogger<YearEndScheduler> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetIndicatorYearEnd().StartAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.YearEndStartFailed(ex);
        }
    }
}
