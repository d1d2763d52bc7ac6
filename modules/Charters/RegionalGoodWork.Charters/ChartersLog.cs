using Microsoft.Extensions.Logging;

namespace RegionalGoodWork.Charters;

/// <summary>Every log line of the Charters module (event ids 3000–3099), source-generated.</summary>
internal static partial class ChartersLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Demo charter {CharterId} is published (latest version {Version})")]
    public static partial void DemoCharterSeeded(this ILogger logger, string charterId, int version);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Shipped demo charter {CharterId} was rejected: {Detail} {Errors}")]
    public static partial void DemoCharterRejected(this ILogger logger, string charterId, string detail, string errors);
}
