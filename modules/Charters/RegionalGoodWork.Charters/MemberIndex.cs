using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.Charters.Contracts;

namespace RegionalGoodWork.Charters;

[GenerateSerializer]
internal sealed class MemberIndexState
{
    [Id(0)] public Dictionary<string, MemberEntry> Members { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A member's line; kept after removal (as a tombstone with its stamp) so a late, older update cannot revive it.</summary>
[GenerateSerializer]
internal sealed class MemberEntry
{
    [Id(0)] public string? Tier { get; set; }

    [Id(1)] public DateTimeOffset Since { get; set; }

    [Id(2)] public long Stamp { get; set; }

    [Id(3)] public bool Removed { get; set; }

    /// <summary>The charter version the employer's membership is assessed against, as the employer last told (0: not told).</summary>
    [Id(4)] public int Version { get; set; }
}

/// <summary>
/// The member index rules (a derived view told by the employers): a message stamped older than the stamp held for that
/// employer is ignored; the same stamp again is a redelivery and changes nothing (<see cref="Stamps"/>, the rule of every
/// view); removal leaves a tombstone with its stamp.
/// </summary>
internal static class MemberIndex
{
    /// <returns>Applied: false when ignored as stale. Changed: whether the state changed (and must be written).</returns>
    public static (bool Applied, bool Changed) Update(MemberIndexState state, string employerId, string? tier, DateTimeOffset since, long stamp, int version)
    {
        if (state.Members.TryGetValue(employerId, out var entry))
        {
            switch (Stamps.Compare(entry.Stamp, stamp))
            {
                case StampOrder.Older:
                    return (false, false);
                case StampOrder.Same:
                    return (true, false); // a redelivery: the same stamp always carries the same line
            }
        }
        else
        {
            entry = new MemberEntry();
            state.Members[employerId] = entry;
        }

        entry.Tier = tier;
        entry.Since = since;
        entry.Stamp = stamp;
        entry.Version = version;
        entry.Removed = false;
        return (true, true);
    }

    /// <returns>Applied: false when ignored as stale. Changed: whether the state changed (and must be written).</returns>
    public static (bool Applied, bool Changed) Remove(MemberIndexState state, string employerId, long stamp)
    {
        if (state.Members.TryGetValue(employerId, out var entry))
        {
            switch (Stamps.Compare(entry.Stamp, stamp))
            {
                case StampOrder.Older:
                    return (false, false);
                case StampOrder.Same:
                    return (true, false); // a redelivery: the same stamp always carries the same line
            }
        }
        else
        {
            entry = new MemberEntry();
            state.Members[employerId] = entry;
        }

        entry.Stamp = stamp;
        entry.Removed = true;
        entry.Tier = null;
        return (true, true);
    }

    /// <summary>
    /// The next batch of a fan-out to <paramref name="version"/>: up to <paramref name="size"/> current members (no
    /// tombstones) assessed against an older version, whose employer id sorts (ordinal) after <paramref name="cursor"/>
    /// (null: from the first), in that order. Empty when none is left. A member that reaches the index behind the cursor
    /// still on an older version (it joined while the version was being published) is found by the next pass.
    /// </summary>
    public static IReadOnlyList<string> Behind(MemberIndexState state, int version, string? cursor, int size) =>
        state.Members
            .Where(m => !m.Value.Removed && m.Value.Version < version && (cursor is null || string.CompareOrdinal(m.Key, cursor) > 0))
            .Select(m => m.Key)
            .Order(StringComparer.Ordinal)
            .Take(size)
            .ToList();

    /// <summary>Up to <paramref name="size"/> current members (no tombstones) whose employer id sorts (ordinal) after <paramref name="cursor"/>, in that order.</summary>
    public static IReadOnlyList<string> After(MemberIndexState state, string? cursor, int size) =>
        Behind(state, int.MaxValue, cursor, size); // every member is "behind" a version no charter reaches

    /// <summary>Whether any current member (no tombstone) is assessed against a version older than <paramref name="version"/>.</summary>
    public static bool AnyBehind(MemberIndexState state, int version) =>
        state.Members.Values.Any(m => !m.Removed && m.Version < version);
    /// <summary>Every line, tombstones included, ordered by employer id (for the member index audit).</summary>
    public static IReadOnlyList<MemberLine> Lines(MemberIndexState state, string charterId) =>
        state.Members
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new MemberLine(charterId, m.Key, m.Value.Tier, m.Value.Since, m.Value.Stamp, m.Value.Removed, m.Value.Version))
            .ToList();

    /// <summary>The current members (no tombstones), ordered by employer id.</summary>
    public static IReadOnlyList<CharterMember> List(MemberIndexState state) =>
        state.Members
            .Where(m => !m.Value.Removed)
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new CharterMember(m.Key, m.Value.Tier, m.Value.Since))
            .ToList();
}
