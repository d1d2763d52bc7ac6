namespace RegionalGoodWork.BuildingBlocks;

/// <summary>Where an incoming stamped change stands against the stamp a view holds for the same source.</summary>
public enum StampOrder
{
    /// <summary>Older than what the view holds: a late delivery, ignored.</summary>
    Older,

    /// <summary>The stamp the view already holds: a redelivery, harmless and changing nothing.</summary>
    Same,

    /// <summary>Newer than what the view holds (or the view holds nothing yet): applied.</summary>
    Newer,
}

/// <summary>
/// The one staleness rule of every derived view (charter member indexes, council ledgers, region roll-ups). A source
/// (an employer, a council) stamps each change with a number that grows with every change it makes; a view keeps the
/// highest stamp it applied per source, tombstones included, and applies a change only when its stamp is newer. So a
/// view may be told twice, or out of order, and still end as the source's newest change.
/// </summary>
public static class Stamps
{
    public static StampOrder Compare(long? held, long incoming) =>
        held is not { } h || incoming > h ? StampOrder.Newer
        : incoming == h ? StampOrder.Same
        : StampOrder.Older;
}
