using Microsoft.Extensions.Logging;

namespace RegionalGoodWork.Charters;

/// <summary>The draft impact's log lines (event ids 3050–3059 of the Charters module's range).</summary>
internal static partial class ChartersLog
{
    [LoggerMessage(EventId = 3050, Level = LogLevel.Information, Message = "Charter {CharterId}: the draft's impact was run over {Members} member(s); {Moved} would change tier")]
    public static partial void DraftImpactRun(ILogger logger, string charterId, int members, int moved);
}
