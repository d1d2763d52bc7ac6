using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Places.Grains;

[GenerateSerializer]
internal sealed class IndicatorYearEndState
{
    /// <summary>The last year whose year-end snapshots were all taken (0: never started).</summary>
    [Id(0)] public int LastYearEnd { get; set; }
}

/// <summary>
/// The year-end run (see <see cref="IIndicatorYearEndGrain"/>). At each tick of its reminder it reads the business clock:
/// once the year after <see cref="IndicatorYearEndState.LastYearEnd"/> has ended, every council on the platform is
/// snapshotted for it, then every region, in batches; only then is the year marked done. A platform started for the first
/// time begins with the current year (a year that ended before it existed is not snapshotted with today's figures), and
/// after a long stop only the year that ended last is taken: an earlier one cannot be told from today's figures.
/// </summary>
[GrainType("indicator-year-end")]
internal sealed class IndicatorYearEndGrain(
    [PersistentState("indicator-year-end")] IPersistentState<IndicatorYearEndState> state,
    IOptions<PlacesOptions> options,
    PlatformClock time,
    ILogger<IndicatorYearEndGrain> logger) : Grain, IIndicatorYearEndGrain, IRemindable
{
    public const string Reminder = "indicator-year-end";

    private const int Batch = 32;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.LastYearEnd == 0)
        {
            state.State.LastYearEnd = time.GetUtcNow().Year - 1;
            await state.WriteOrReloadAsync(DeactivateOnIdle);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task StartAsync()
    {
        if (await this.GetReminder(Reminder) is null)
        {
            var period = options.Value.YearEndCheckPeriod;
            await this.RegisterOrUpdateReminder(Reminder, period, period);
        }

        // A year that ended while the platform was down is taken at once, off the silo's start.
        this.RegisterGrainTimer(_ => CatchUpAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    public Task<int> GetLastYearEndAsync() => Task.FromResult(state.State.LastYearEnd);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Reminder)
        {
            return;
        }

        await CatchUpAsync();

        // Within a period of New Year, the next tick is set for just after midnight, so the snapshot is of the year's
        // figures, not of what came in during the first hour of the next one.
        var now = time.GetUtcNow();
        var untilNewYear = new DateTimeOffset(now.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero) - now;
        var period = options.Value.YearEndCheckPeriod;
        if (untilNewYear < period)
        {
            try
            {
                await this.RegisterOrUpdateReminder(Reminder, untilNewYear + TimeSpan.FromSeconds(1), period);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.YearEndRearmFailed(ex);
            }
        }
    }

    private async Task CatchUpAsync()
    {
        var year = time.GetUtcNow().Year - 1;
        if (year <= state.State.LastYearEnd)
        {
            return;
        }

        try
        {
            var catalogue = await GrainFactory.GetPlacesDirectory().GetCatalogueAsync();
            foreach (var batch in catalogue.LocalAuthorities.Chunk(Batch))
            {
                await Task.WhenAll(batch.Select(code => GrainFactory.GetLocalAuthorityRollup(code).TakeSnapshotAsync(year, yearEnd: true)));
            }

            foreach (var batch in catalogue.Regions.Chunk(Batch))
            {
                await Task.WhenAll(batch.Select(code => GrainFactory.GetRegionRollup(code).TakeYearEndSnapshotAsync(year)));
            }

            if (year - 1 > state.State.LastYearEnd)
            {
                logger.YearsSkipped(state.State.LastYearEnd + 1, year - 1);
            }

            state.State.LastYearEnd = year;
            await state.WriteOrReloadAsync(DeactivateOnIdle);
            logger.YearEndTaken(year, catalogue.LocalAuthorities.Count, catalogue.Regions.Count);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Each snapshot is taken once, so the next tick carries on where this one stopped.
            logger.YearEndFailed(ex, year);
        }
    }
}
