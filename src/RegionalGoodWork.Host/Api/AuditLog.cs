namespace RegionalGoodWork.Host.Api;

/// <summary>The audit recorder's log lines (event ids 1200s): the log keeps an entry the trail could not.</summary>
internal static partial class AuditLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Error,
        Message = "Audit: an entry for {Resource} could not be stored; recorded here instead: {KeyId} ({Role}) {Action}: {Summary}")]
    public static partial void NotRecorded(ILogger logger, Exception exception, string resource, string keyId, string role, string action, string summary);
}
