using Microsoft.Extensions.Logging;
using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Places;

/// <summary>Every log line of the Places module (event ids 5000–5099), source-generated.</summary>
internal static partial class PlacesLog
{
    /// <summary>A drift check's result: one summary line, then a line per employer and per total that drifted.</summary>
    public static void Drift(this ILogger logger, DriftReport report)
    {
        if (!report.HasDrift)
        {
            logger.NoDrift(report.Area, report.EmployersChecked);
            return;
        }

        logger.DriftFound(report.Area, report.Employers.Count, report.Totals.Count, report.EmployersChecked);
        foreach (var e in report.Employers)
        {
            logger.EmployerDrift(report.Area, e.EmployerId, e.Kind, e.Detail);
        }

        foreach (var t in report.Totals)
        {
            logger.TotalDrift(report.Area, t.Measure, t.Incremental, t.Recomputed);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Places: shipped geography {Version} seeded ({LocalAuthorities} councils, {Regions} regions)")]
    public static partial void GeographySeeded(this ILogger logger, string version, int localAuthorities, int regions);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "Places: shipped geography {Version} already seeded")]
    public static partial void GeographyAlreadySeeded(this ILogger logger, string version);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Places: seeding the shipped geography failed; it is retried at the next start")]
    public static partial void GeographySeedFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "Places drift in {Area}: {Employers} employer(s) and {Totals} total(s) differ from the recomputation over {Checked} employer(s)")]
    public static partial void DriftFound(this ILogger logger, string area, int employers, int totals, int @checked);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Places drift in {Area}: employer {EmployerId} {Kind}: {Detail}")]
    public static partial void EmployerDrift(this ILogger logger, string area, string employerId, DriftKind kind, string detail);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Places drift in {Area}: {Measure} is {Incremental} incrementally, {Recomputed} recomputed")]
    public static partial void TotalDrift(this ILogger logger, string area, string measure, decimal incremental, decimal recomputed);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "Places drift check in {Area}: no drift over {Checked} employer(s)")]
    public static partial void NoDrift(this ILogger logger, string area, int @checked);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Warning, Message = "Drift repaired in {LocalAuthority}: {Count} employer line(s) put right by their employers")]
    public static partial void DriftRepaired(this ILogger logger, string localAuthority, int count);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Information, Message = "Indicator audit: {LocalAuthorities} councils checked, {Drifting} with drift, {Repairs} repair(s)")]
    public static partial void AuditCompleted(this ILogger logger, int localAuthorities, int drifting, int repairs);

    [LoggerMessage(EventId = 5017, Level = LogLevel.Warning, Message = "Drift repaired in {LocalAuthority}: totals rebuilt from the contributions held")]
    public static partial void TotalsRebuilt(this ILogger logger, string localAuthority);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Error, Message = "Indicator audit failed; it will run again at the next interval")]
    public static partial void AuditFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Official indicators imported: {Imported} value(s) for {Areas} area(s), {Skipped} line(s) skipped")]
    public static partial void OfficialImported(this ILogger logger, int imported, int areas, int skipped);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "Official indicators file rejected: {Errors} error(s), nothing stored")]
    public static partial void OfficialRejected(this ILogger logger, int errors);

    [LoggerMessage(EventId = 5032, Level = LogLevel.Warning, Message = "Official indicators import for region {Region} refused: {Areas} area(s) outside the region; nothing stored")]
    public static partial void OfficialOutsideScope(this ILogger logger, string region, int areas);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Warning, Message = "Region {Region}: council {LocalAuthority} could not be read as the region activated; its last stored figures are shown until it changes")]
    public static partial void CouncilUnreadable(this ILogger logger, Exception exception, string region, string localAuthority);

    [LoggerMessage(EventId = 5031, Level = LogLevel.Warning, Message = "Region {Region}: its new definition could not be carried through yet; it is kept and retried")]
    public static partial void DefinitionDeferred(this ILogger logger, Exception exception, string region);

    [LoggerMessage(EventId = 5040, Level = LogLevel.Information, Message = "Places: {Area} snapshotted its employer-derived figures of {Year} (year end: {YearEnd})")]
    public static partial void SnapshotTaken(this ILogger logger, string area, int year, bool yearEnd);

    [LoggerMessage(EventId = 5041, Level = LogLevel.Information, Message = "Places: year-end snapshots of {Year} taken ({LocalAuthorities} councils, {Regions} regions)")]
    public static partial void YearEndTaken(this ILogger logger, int year, int localAuthorities, int regions);

    [LoggerMessage(EventId = 5042, Level = LogLevel.Warning, Message = "Places: year-end snapshots of {Year} not all taken yet; the next tick carries on")]
    public static partial void YearEndFailed(this ILogger logger, Exception exception, int year);

    [LoggerMessage(EventId = 5043, Level = LogLevel.Warning, Message = "Places: no year-end snapshots for {From} to {To}: the platform was not running when they ended")]
    public static partial void YearsSkipped(this ILogger logger, int from, int to);

    [LoggerMessage(EventId = 5044, Level = LogLevel.Warning, Message = "Places: the year-end reminder could not be set for midnight; it ticks on its period")]
    public static partial void YearEndRearmFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5045, Level = LogLevel.Error, Message = "Places: the year-end reminder could not be armed at start; it is tried at the next start")]
    public static partial void YearEndStartFailed(this ILogger logger, Exception exception);
}
