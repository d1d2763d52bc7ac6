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
