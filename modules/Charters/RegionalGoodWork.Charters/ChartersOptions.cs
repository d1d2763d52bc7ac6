using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace RegionalGoodWork.Charters;

/// <summary>Configuration of the Charters module (section <c>Modules:Charters</c>).</summary>
internal sealed record ChartersOptions
{
    public const string Section = "Modules:Charters";

    /// <summary><c>Modules:Charters:SeedDemo</c>: load and publish the shipped demo charters at silo start (default true).</summary>
    public bool SeedDemo { get; init; } = true;

    /// <summary>
    /// <c>Modules:Charters:MemberIndexWriteDelay</c>: member index changes are written behind, coalesced, at most this
    /// long after the first unsaved change (default 00:00:02; 00:00:00 writes every change at once).
    /// </summary>
    public TimeSpan MemberIndexWriteDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <c>Modules:Charters:FanOutBatchSize</c>: how many members are re-assessed at once (one <c>Task.WhenAll</c>, then one
    /// write of the cursor) when a new version is published (default 50).
    /// </summary>
    public int FanOutBatchSize { get; init; } = 50;

    /// <summary>
    /// <c>Modules:Charters:FanOutReminderPeriod</c>: period of the reminder a charter's fan-out grain holds while a fan-out is
    /// pending (and a charter while it owes one a hand-over), which re-activates it after a silo died half-way (default 00:01:00, the Orleans minimum).
    /// </summary>
    public TimeSpan FanOutReminderPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <c>Modules:Charters:FanOutHaltAfterBatches</c>: TESTS ONLY. An activation stops its fan-out after this many batches
    /// and leaves it pending, as a silo dying half-way would. Unset (the default) in any real deployment.
    /// </summary>
    public int? FanOutHaltAfterBatches { get; init; }

    /// <summary>
    /// <c>Modules:Charters:SkipFanOutHandOver</c>: TESTS ONLY. A publish records the fan-out it owes but never hands it to
    /// the fan-out grain, as a silo dying right after the publish write would. False (the default) in any real deployment.
    /// </summary>
    public bool SkipFanOutHandOver { get; init; }

    public static ChartersOptions From(IConfiguration configuration)
    {
        var defaults = new ChartersOptions();
        var seed = configuration[$"{Section}:SeedDemo"];
        var delay = configuration[$"{Section}:MemberIndexWriteDelay"];
        var batch = configuration[$"{Section}:FanOutBatchSize"];
        var period = configuration[$"{Section}:FanOutReminderPeriod"];
        var halt = configuration[$"{Section}:FanOutHaltAfterBatches"];
        var skip = configuration[$"{Section}:SkipFanOutHandOver"];
        var options = new ChartersOptions
        {
            SeedDemo = seed is null ? defaults.SeedDemo : bool.Parse(seed),
            MemberIndexWriteDelay = delay is null ? defaults.MemberIndexWriteDelay : TimeSpan.Parse(delay, CultureInfo.InvariantCulture),
            FanOutBatchSize = batch is null ? defaults.FanOutBatchSize : int.Parse(batch, CultureInfo.InvariantCulture),
            FanOutReminderPeriod = period is null ? defaults.FanOutReminderPeriod : TimeSpan.Parse(period, CultureInfo.InvariantCulture),
            FanOutHaltAfterBatches = halt is null ? null : int.Parse(halt, CultureInfo.InvariantCulture),
            SkipFanOutHandOver = skip is not null && bool.Parse(skip),
        };
        if (options.FanOutBatchSize < 1)
        {
            throw new InvalidOperationException($"{Section}:FanOutBatchSize must be at least 1 (was {options.FanOutBatchSize}).");
        }

        if (options.FanOutReminderPeriod < TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException($"{Section}:FanOutReminderPeriod must be at least 00:01:00, Orleans' minimum reminder period (was {options.FanOutReminderPeriod}).");
        }

        return options;
    }
}
