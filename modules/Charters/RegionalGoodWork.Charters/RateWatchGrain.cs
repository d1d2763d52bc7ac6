using RegionalGoodWork.BuildingBlocks;
using Microsoft.Extensions.Logging;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters;

[GenerateSerializer]
internal sealed class RateWatchState
{
    /// <summary>False until the first look: that one only takes note of the rates and the day (nothing to catch up on).</summary>
    [Id(0)] public bool Started { get; set; }

    /// <summary>The wage-rate table's revision when last looked at.</summary>
    [Id(1)] public int Revision { get; set; }

    /// <summary>The business day when last looked: a pay-by date after it and on or before today has come since.</summary>
    [Id(2)] public DateOnly Day { get; set; }
}

/// <summary>
/// The annual uplift's trigger, with nobody calling the API. A reminder (period <c>FanOutReminderPeriod</c>, durable: it
/// survives a restart) wakes it; it reads the wage rates and the business clock's today. When a rate was announced since
/// it last looked (the table's revision moved: the members must show what is due by its pay-by date) or a pay-by date
/// came (the day moved past it: evidence below the new rate stops meeting it), it has every published charter whose
/// latest version has a leaf compared with a wage rate sweep its members through the charter's fan-out grain (bounded
/// batches, durable cursor). Its state is written only after every such charter stored its sweep, so a look that failed
/// half-way is repeated at the next tick (a sweep told twice with the same reason is taken once).
/// </summary>
[GrainType("rate-watch")]
internal sealed class RateWatchGrain(
    [PersistentState("rate-watch")] IPersistentState<RateWatchState> state,
    PlatformClock clock,
    ChartersOptions options,
    ILogger<RateWatchGrain> logger) : Grain, IRateWatchGrain, IRemindable
{
    internal const string Reminder = "wage-rate-watch";

    private bool reminderArmed;

    public async Task StartAsync()
    {
        // Registered once, not re-timed at every silo start (that would push its next tick back each time).
        if (!reminderArmed)
        {
            try
            {
                reminderArmed = await this.GetReminder(Reminder) is not null;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ChartersLog.ReminderFailed(logger, ex, this.GetGrainId().ToString(), Reminder);
            }

            reminderArmed = reminderArmed || await this.TryRegisterReminderAsync(Reminder, options.FanOutReminderPeriod, logger);
        }

        await LookAsync();
    }

    public Task<IReadOnlyList<string>> CheckAsync() => LookAsync();

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == Reminder)
        {
            await LookAsync();
        }
    }

    private async Task<IReadOnlyList<string>> LookAsync()
    {
        try
        {
            var table = await GrainFactory.GetWageRates().GetTableAsync();
            var today = clock.Today;
            var s = state.State;
            if (!s.Started)
            {
                (s.Started, s.Revision, s.Day) = (true, table.Revision, today);
                await state.WriteOrReloadAsync(DeactivateOnIdle);
                return [];
            }

            var announced = table.Revision != s.Revision;
            var came = table.Rates.Where(r => r.PayBy > s.Day && r.PayBy <= today).Select(r => r.PayBy).Distinct().Order().ToList();
            if (!announced && came.Count == 0)
            {
                if (today != s.Day)
                {
                    s.Day = today;
                    await state.WriteOrReloadAsync(DeactivateOnIdle);
                }

                return [];
            }

            var reason = $"wage rates revision {table.Revision} on {today:yyyy-MM-dd}";
            var swept = new List<string>();
            foreach (var listing in await GrainFactory.GetCharterRegistry().ListAsync())
            {
                // The latest version, and the one the members are on while a later one is scheduled or in its grace period.
                var charter = GrainFactory.GetCharter(listing.Id);
                var versions = new[] { await charter.GetLatestAsync(), await charter.GetForMembersAsync() };
                if (versions.Any(v => v is not null && v.Definition.Requirements.Any(r => r.Rule.Leaves().Any(l => l.ComparesWithRate))))
                {
                    await GrainFactory.GetCharterFanOut(listing.Id).SweepAsync(reason);
                    swept.Add(listing.Id);
                }
            }

            ChartersLog.RatesMoved(logger,
                announced ? $"revision {s.Revision} → {table.Revision}" : $"pay-by {string.Join(", ", came.Select(d => d.ToString("yyyy-MM-dd")))} came",
                swept.Count);
            (s.Revision, s.Day) = (table.Revision, today);
            await state.WriteOrReloadAsync(DeactivateOnIdle);
            return swept;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Nothing noted (a failed write reloaded the state): the next tick looks again and sweeps again (a charter
            // already holding this sweep ignores it).
            ChartersLog.RateWatchFailed(logger, ex);

            return [];
        }
    }
}

/// <summary>Starts the wage-rate watch at silo start (arms its reminder once; every silo may ask, the grain is one).</summary>
internal sealed class RateWatchStarter(IGrainFactory grains, ILogger<RateWatchStarter> logger) : IStartupTask
{
    public async Task Execute(CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetRateWatch().StartAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never stops the silo: the reminder (once armed) or the next start arms and looks again.
            ChartersLog.RateWatchFailed(logger, ex);
        }
    }
}
