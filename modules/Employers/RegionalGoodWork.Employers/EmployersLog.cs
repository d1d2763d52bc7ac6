using Microsoft.Extensions.Logging;

namespace RegionalGoodWork.Employers;

internal static partial class EmployersLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Employers: {EmployerId} accepted {Count} evidence item(s), stamp {Stamp}")]
    public static partial void EvidenceAccepted(ILogger logger, string employerId, int count, long stamp);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Employers: {EmployerId} joined {CharterId} v{Version}, tier {Tier}")]
    public static partial void Joined(ILogger logger, string employerId, string charterId, int version, string? tier);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Employers: {EmployerId} in {CharterId} moved from tier {Before} to {After}")]
    public static partial void TierMoved(ILogger logger, string employerId, string charterId, string? before, string? after);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Employers: {EmployerId} could not read {CharterId} v{Version}; its last assessment is kept")]
    public static partial void VersionUnavailable(ILogger logger, string employerId, string charterId, int version);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Employers: {EmployerId} could not tell view {View}; it is told again after the next change or activation")]
    public static partial void ViewUnreachable(ILogger logger, Exception exception, string employerId, string view);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Employers: view {View} refused {EmployerId}'s update: {Reason}")]
    public static partial void ViewRefused(ILogger logger, string employerId, string view, string reason);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Employers: {EmployerId} could not arm its expiry reminder for {Due}")]
    public static partial void ReminderFailed(ILogger logger, Exception exception, string employerId, DateOnly? due);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "Employers: {EmployerId} expiry reminder fired (due {Due})")]
    public static partial void ExpiryReminderFired(ILogger logger, string employerId, DateOnly? due);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Employers: {EmployerId} could not write its state nor read it back; the activation is dropped so the next call starts from storage")]
    public static partial void StateReloadFailed(ILogger logger, Exception exception, string employerId);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Employers: {EmployerId} puts view {View} right for the audit ({Repair}): it held {Held}")]
    public static partial void ViewRepaired(ILogger logger, string employerId, string view, SharedKernel.ViewRepair repair, string held);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Employers: {EmployerId} Companies House record changed: status {Status}, flag {Flag}")]
    public static partial void CompaniesHouseRecorded(ILogger logger, string employerId, string status, string flag);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Employers: {EmployerId} contract awards recorded: {Changed} new or changed, {Held} held")]
    public static partial void ContractsRecorded(ILogger logger, string employerId, int changed, int held);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Debug, Message = "Employers: {EmployerId} archived {Count} superseded item(s) as page {Page}")]
    public static partial void EvidenceArchived(ILogger logger, string employerId, int page, int count);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Warning, Message = "Employers: {EmployerId} could not store archive page {Page}; its items stay in the state until a later write")]
    public static partial void EvidenceArchiveFailed(ILogger logger, Exception exception, string employerId, int page);
    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Employers: {EmployerId} application for {Tier} of {CharterId} {Verdict} by {DecidedBy}")]
    public static partial void ApplicationDecided(ILogger logger, string employerId, string charterId, string tier, string verdict, string decidedBy);
}
