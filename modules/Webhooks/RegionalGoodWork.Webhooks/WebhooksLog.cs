using Microsoft.Extensions.Logging;

namespace RegionalGoodWork.Webhooks;

/// <summary>Every log line of the Webhooks module (event ids 8000–8099), source-generated.</summary>
internal static partial class WebhooksLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Webhook {WebhookId} created by {CreatedBy} for {Events}")]
    public static partial void Created(ILogger logger, string webhookId, string createdBy, string events);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Debug, Message = "Webhook {WebhookId}: event {EventId} ({Type}) delivered at attempt {Attempt}")]
    public static partial void Delivered(ILogger logger, string webhookId, string eventId, string type, int attempt);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Webhook {WebhookId}: event {EventId} attempt {Attempt} failed ({Error}); next attempt in {Wait}")]
    public static partial void AttemptFailed(ILogger logger, string webhookId, string eventId, int attempt, string error, TimeSpan wait);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "Webhook {WebhookId}: event {EventId} given up after {Attempts} attempts ({Error})")]
    public static partial void GaveUp(ILogger logger, string webhookId, string eventId, int attempts, string error);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "Webhook {WebhookId}: its delivery attempts could not be stored; they are made again, under the same webhook-id")]
    public static partial void NotStored(ILogger logger, Exception exception, string webhookId);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Warning, Message = "Webhook {WebhookId}: its reminder {Reminder} could not be changed")]
    public static partial void ReminderFailed(ILogger logger, Exception exception, string webhookId, string reminder);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Warning, Message = "Webhook events could not be queued for webhook {WebhookId}; the module that raised them hands them over again")]
    public static partial void EnqueueFailed(ILogger logger, Exception exception, string webhookId);
}
