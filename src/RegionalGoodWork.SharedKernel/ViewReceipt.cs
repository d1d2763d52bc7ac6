namespace RegionalGoodWork.SharedKernel;

/// <summary>What a derived view did with a stamped change it was told.</summary>
public enum ViewChange
{
    /// <summary>What the view shows changed.</summary>
    Applied = 0,

    /// <summary>A newer stamp with the same content: the stamp was recorded, nothing else changed.</summary>
    Unchanged = 1,

    /// <summary>The stamp was not newer than the one held: ignored (redelivery or reordering).</summary>
    Stale = 2,
}

/// <summary>
/// A derived view's answer (a council's ledger, a charter's member index) to an employer telling it a change: what it
/// did with the stamp, and whether what it now holds for that employer is in storage. Views write behind, so a change
/// may sit in memory for seconds; the employer keeps it owed until <see cref="Stored"/>, and tells it again until then,
/// so a view that lost its memory in a crash is put right.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.view-receipt")]
public readonly record struct ViewReceipt([property: Id(0)] ViewChange Change, [property: Id(1)] bool Stored);

/// <summary>
/// What the source of a derived view (the employer) does when an audit shows it the line a view holds for it: nothing (the
/// view holds what the source says), tell the line again (the view holds an older stamp), or issue it again under a new
/// stamp above the one the view holds (the view holds a stamp it would not take the true line under: a line the source
/// never told it, or one that blocks it). Either way the repair goes through the view's ordinary stamped update.
/// </summary>
public enum ViewRepair
{
    /// <summary>The view holds what the source says: nothing to do.</summary>
    InSync = 0,

    /// <summary>The source's line is newer than the view's: told again under its own stamp.</summary>
    Retell = 1,

    /// <summary>The view holds a stamp at or above the source's line: the line is issued again under a new, higher stamp.</summary>
    Reissue = 2,
}
