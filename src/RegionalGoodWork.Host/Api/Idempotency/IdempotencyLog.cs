namespace RegionalGoodWork.Host.Api.Idempotency;

/// <summary>The log lines of idempotency keys (event ids 1100s).</summary>
internal static partial class IdempotencyLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning,
        Message = "Idempotency: the answer to {Resource} could still not be stored; it is replayed while its grain is active and tried again at the key's next use")]
    public static partial void AnswerNotStored(ILogger logger, Exception exception, string resource);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "Idempotency: the expiry reminder of a key for {Resource} could not be armed; the answer is removed only when the key is used again")]
    public static partial void ExpiryNotArmed(ILogger logger, Exception exception, string resource);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning,
        Message = "Idempotency: {Resource} answered {Status} under a key already answered (its claim outlived the lease); the first answer stands")]
    public static partial void SecondAnswerIgnored(ILogger logger, string resource, int status);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning,
        Message = "Idempotency: the key for {Resource} could not be released; it is free again when its lease ends")]
    public static partial void NotReleased(ILogger logger, Exception exception, string resource);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Error,
        Message = "Idempotency: {Resource} answered {Status}, but the answer could not be stored under its key (its grain replays it while active); a retry may run the request again")]
    public static partial void AnswerNotKept(ILogger logger, Exception exception, string resource, int status);
}
