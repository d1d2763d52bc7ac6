using Microsoft.Extensions.Logging;

namespace RegionalGoodWork.Charters;

/// <summary>Every log line of the Charters module (event ids 3000–3099), source-generated.</summary>
internal static partial class ChartersLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Demo charter {CharterId} is published (latest version {Version})")]
    public static partial void DemoCharterSeeded(this ILogger logger, string charterId, int version);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Shipped demo charter {CharterId} was rejected: {Detail} {Errors}")]
    public static partial void DemoCharterRejected(this ILogger logger, string charterId, string detail, string errors);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Charter {CharterId}: the re-assessment of the members against version {Version} is taken over (after {Cursor})")]
    public static partial void FanOutTaken(ILogger logger, string charterId, int version, string? cursor);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Charter {CharterId}: the fan-out of version {Version} could not be stored; the charter hands it over again")]
    public static partial void FanOutTakeOverFailed(ILogger logger, Exception exception, string charterId, int version);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version}: employer {EmployerId} was not re-assessed; it stays pending and is retried by the next pass")]
    public static partial void ReassessFailed(ILogger logger, Exception exception, string charterId, int version, string employerId);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version}: employer {EmployerId} is dropped from the fan-out ({Reason})")]
    public static partial void MemberDropped(ILogger logger, string charterId, int version, string employerId, string reason);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version}: {Behind} members are still behind after a pass; another pass runs at the next reminder tick")]
    public static partial void FanOutRetrying(ILogger logger, string charterId, int version, int behind);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "Charter {CharterId}: every member was re-assessed against version {Version}")]
    public static partial void FanOutDone(ILogger logger, string charterId, int version);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version}: the members' re-assessment stopped after {Cursor}; it resumes at the next reminder tick or activation")]
    public static partial void FanOutStalled(ILogger logger, Exception exception, string charterId, int version, string? cursor);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version}: fan-out halted after {Cursor} (Modules:Charters:FanOutHaltAfterBatches, tests only)")]
    public static partial void FanOutHalted(ILogger logger, string charterId, int version, string? cursor);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Warning, Message = "Charter {CharterId}: the fan-out of version {Version} was not handed over; it is at the next reminder tick or activation")]
    public static partial void HandOverFailed(ILogger logger, Exception exception, string charterId, int version);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Information, Message = "Charter {CharterId} published version {Version}")]
    public static partial void Published(ILogger logger, string charterId, int version);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Warning, Message = "Charter {CharterId} version {Version} is published but the charter registry was not told; it will be on the next activation")]
    public static partial void RegistryBehind(ILogger logger, Exception exception, string charterId, int version);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Grain {GrainId}: the reminder {Reminder} could not be changed; it is put right at its next tick or activation")]
    public static partial void ReminderFailed(ILogger logger, Exception exception, string grainId, string reminder);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Warning, Message = "Member index drift in {CharterId}: employer {EmployerId} {Detail} ({Repair})")]
    public static partial void MemberLineDrift(ILogger logger, string charterId, string employerId, string detail, SharedKernel.ViewRepair repair);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Information, Message = "Member index audit: {Charters} charter(s), {Employers} employer(s) checked, {Drifting} line(s) drifting, {Repaired} put right")]
    public static partial void MemberAuditCompleted(ILogger logger, int charters, int employers, int drifting, int repaired);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Error, Message = "Member index audit failed; it will run again at the next interval")]
    public static partial void MemberAuditFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Warning, Message = "Charter {CharterId}: its webhook events could not be handed over yet; they stay owed and are handed over again")]
    public static partial void EventsNotHandedOver(ILogger logger, Exception? exception, string charterId);

    [LoggerMessage(EventId = 3034, Level = LogLevel.Information, Message = "Charter {CharterId}: a sweep of every member is taken over ({Reason})")]
    public static partial void SweepTaken(ILogger logger, string charterId, string reason);

    [LoggerMessage(EventId = 3035, Level = LogLevel.Information, Message = "Charter {CharterId}: the sweep of every member is done ({Reason})")]
    public static partial void SweepDone(ILogger logger, string charterId, string reason);

    [LoggerMessage(EventId = 3036, Level = LogLevel.Warning, Message = "Charter {CharterId}: employer {EmployerId} was not re-assessed by the sweep ({Reason}); the sweep runs again at the next reminder tick")]
    public static partial void SweepMemberFailed(ILogger logger, Exception exception, string charterId, string reason, string employerId);

    [LoggerMessage(EventId = 3037, Level = LogLevel.Information, Message = "Wage rates: {What}; sweeping the members of {Charters} charter(s) that compare with a wage rate")]
    public static partial void RatesMoved(ILogger logger, string what, int charters);

    [LoggerMessage(EventId = 3038, Level = LogLevel.Warning, Message = "Wage-rate watch: the sweeps could not all be started; tried again at the next reminder tick")]
    public static partial void RateWatchFailed(ILogger logger, Exception exception);
}
