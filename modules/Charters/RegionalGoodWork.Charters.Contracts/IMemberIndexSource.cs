using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>
/// What the Charters module needs from the source of truth to audit its member indexes: an employer compares the lines
/// the indexes hold for it with its memberships and puts them right. Declared here (the consumer) and implemented by
/// the Employers module's employer grain. Same key as the employer grain (<see cref="CharterGrainKeys.GetMemberIndexSource"/>).
/// </summary>
public interface IMemberIndexSource : IGrainWithStringKey
{
    /// <summary>
    /// <paramref name="held"/>: every line the audited member indexes hold for this employer (tombstones included), read
    /// before this call. The employer compares them, and every charter it is an active member of, with its memberships:
    /// a line it should not have (left the charter, or never a member), a missing line, a stale tier or a stamp the
    /// employer never issued. With <paramref name="repair"/> it puts each right through the index's ordinary stamped
    /// update (told again, or issued again under a stamp above the held one: one state write). Returns one check per
    /// charter that differs (none when all agree); asking again after a repair returns none.
    /// </summary>
    Task<IReadOnlyList<MemberLineCheck>> CheckMemberLinesAsync(IReadOnlyList<MemberLine> held, bool repair);
}

/// <summary>A member index line as held: the tier (null: none reached), since, the employer's stamp, whether it is a tombstone, and the charter version the member is assessed against.</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.member-line")]
public sealed record MemberLine(
    [property: Id(0)] string CharterId,
    [property: Id(1)] string EmployerId,
    [property: Id(2)] string? Tier,
    [property: Id(3)] DateTimeOffset Since,
    [property: Id(4)] long Stamp,
    [property: Id(5)] bool Removed,
    [property: Id(6)] int Version = 0);

/// <summary>How one charter's line for an employer differs from the employer's membership, and what the employer did (or would do).</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.member-line-check")]
public sealed record MemberLineCheck(
    [property: Id(0)] string CharterId,
    [property: Id(1)] string EmployerId,
    [property: Id(2)] ViewRepair Repair,
    [property: Id(3)] string Detail);
