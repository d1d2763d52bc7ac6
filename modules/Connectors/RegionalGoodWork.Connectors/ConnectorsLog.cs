using Microsoft.Extensions.Logging;

namespace RegionalGoodWork.Connectors;

/// <summary>Every log line of the Connectors module (event ids 7000–7099), source-generated.</summary>
internal static partial class ConnectorsLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Connector {ConnectorId}: run {RunId} started ({Trigger})")]
    public static partial void RunStarted(ILogger logger, string connectorId, string runId, string trigger);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Connector {ConnectorId}: run {RunId} succeeded: {Read} read, {Changed} changed, {Failed} failed, {Unmatched} unmatched")]
    public static partial void RunSucceeded(ILogger logger, string connectorId, string runId, int read, int changed, int failed, int unmatched);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Connector {ConnectorId}: run {RunId} failed: {Error}")]
    public static partial void RunFailed(ILogger logger, string connectorId, string runId, string error);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "Connector {ConnectorId}: run {RunId} failed unexpectedly")]
    public static partial void RunCrashed(ILogger logger, Exception exception, string connectorId, string runId);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "Connector {ConnectorId}: the run record could not be stored; it is kept in memory and stored with the next change")]
    public static partial void RunNotStored(ILogger logger, Exception exception, string connectorId);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Connector {ConnectorId}: the schedule's reminder could not be changed; it is tried again at the next silo start")]
    public static partial void ReminderFailed(ILogger logger, Exception exception, string connectorId);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Warning, Message = "Connector {ConnectorId}: run {RunId} was interrupted (the silo stopped during it); recorded as failed")]
    public static partial void RunInterrupted(ILogger logger, string connectorId, string runId);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Warning, Message = "Connector {ConnectorId}: the flagged employers of region {RegionCode} could not be stored; the next run stores them")]
    public static partial void FlaggedNotStored(ILogger logger, Exception exception, string connectorId, string regionCode);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Warning, Message = "Connector {ConnectorId}: its webhook events could not be handed over yet; they stay owed and are handed over again")]
    public static partial void EventsNotHandedOver(ILogger logger, Exception? exception, string connectorId);
}
