using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Employers.Evidence;

/// <summary>
/// Which item is the current value of each kind on a day. Pure. An item is in force on a day when
/// effectiveFrom ≤ day &lt; validUntil. Among the items of a kind in force, a verified item (officer or partner)
/// outranks a self-declared one; between items of equal rank the newest wins: the later effective date, then the
/// later submission (a correction of the same period).
/// </summary>
internal static class CurrentEvidence
{
    public static IReadOnlyDictionary<string, EvidenceRecord> On(IEnumerable<EvidenceRecord> items, DateOnly day)
    {
        var current = new Dictionary<string, EvidenceRecord>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!item.InForceOn(day))
            {
                continue;
            }

            if (!current.TryGetValue(item.Kind, out var held) || Outranks(item, held))
            {
                current[item.Kind] = item;
            }
        }

        return current;
    }

    /// <summary>True when <paramref name="candidate"/> should be the current value rather than <paramref name="held"/>.</summary>
    public static bool Outranks(EvidenceRecord candidate, EvidenceRecord held)
    {
        var rank = Rank(candidate).CompareTo(Rank(held));
        if (rank != 0)
        {
            return rank > 0;
        }

        var effective = candidate.EffectiveFrom.CompareTo(held.EffectiveFrom);
        return effective != 0 ? effective > 0 : candidate.Sequence > held.Sequence;
    }

    /// <summary>
    /// The first day after <paramref name="day"/> on which an item starts or stops being in force (so the current
    /// values may change); null when no such day is ahead.
    /// </summary>
    public static DateOnly? NextChange(IEnumerable<EvidenceRecord> items, DateOnly day)
    {
        DateOnly? next = null;
        foreach (var item in items)
        {
            if (item.EffectiveFrom > day && (next is null || item.EffectiveFrom < next))
            {
                next = item.EffectiveFrom;
            }

            if (item.ValidUntil > day && (next is null || item.ValidUntil < next))
            {
                next = item.ValidUntil;
            }
        }

        return next;
    }

    /// <summary>
    /// The locker as callers see it on <paramref name="day"/>: with <paramref name="history"/>, every item oldest first,
    /// each marked current or not; otherwise only the current items, by kind.
    /// </summary>
    public static IReadOnlyList<EvidenceItemView> Views(IReadOnlyList<EvidenceRecord> items, DateOnly day, bool history)
    {
        var current = On(items, day).Values.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        return history
            ? items.Select(i => i.ToView(current.Contains(i.Id))).ToList()
            : items.Where(i => current.Contains(i.Id)).OrderBy(i => i.Kind, StringComparer.Ordinal).Select(i => i.ToView(true)).ToList();
    }

    private static int Rank(EvidenceRecord item) => item.Source.IsVerified() ? 1 : 0;
}
