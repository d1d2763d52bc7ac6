namespace RegionalGoodWork.Charters.Contracts;

/// <summary>
/// A charter scheme's definition: its tiers (lowest first) and requirements. A published version of it never changes.
/// <see cref="Notes"/> says where the definition rests on a reading of the scheme rather than on its published text.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.definition")]
public sealed record CharterDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string Owner,
    [property: Id(2)] IReadOnlyList<string> Tiers,
    [property: Id(3)] IReadOnlyList<Requirement> Requirements,
    [property: Id(4)] string? Description = null,
    [property: Id(5)] string? Notes = null,
    [property: Id(6)] string? Review = null)
{
    /// <summary>The one value of <see cref="Review"/>: a tier is held only once an officer of the charter approved it.</summary>
    public const string OfficerReview = "officer";

    /// <summary>Whether the charter's officers approve the tiers its members claim (<c>"review": "officer"</c>).</summary>
    public bool ReviewedByOfficer => Review == OfficerReview;

    public Requirement? FindRequirement(string requirementId) =>
        Requirements.FirstOrDefault(r => string.Equals(r.Id, requirementId, StringComparison.Ordinal));

    /// <summary>The position of a tier, lowest first; -1 when unknown.</summary>
    public int TierIndex(string? tier) => tier is null ? -1 : Tiers.ToList().IndexOf(tier);

    /// <summary>Records compare lists by reference; this compares definitions by what they say.</summary>
    public bool SameAs(CharterDefinition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Name == other.Name && Owner == other.Owner && Description == other.Description && Notes == other.Notes && Review == other.Review &&
               Tiers.SequenceEqual(other.Tiers, StringComparer.Ordinal) &&
               Requirements.Count == other.Requirements.Count &&
               Requirements.Zip(other.Requirements).All(p => p.First.SameAs(p.Second));
    }
}

/// <summary>
/// One requirement: met when its <see cref="Rule"/> holds. It belongs to the lowest tier that needs it.
/// <see cref="Principle"/> is the shared principle it serves (optional only when it spans several, e.g. "two of five
/// pillars"). <see cref="Unconfirmed"/> marks a criterion encoded from a best reading rather than the scheme's text.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.requirement")]
public sealed record Requirement(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Tier,
    [property: Id(3)] string? Principle,
    [property: Id(4)] Rule Rule,
    [property: Id(5)] bool Unconfirmed = false,
    [property: Id(6)] string? Notes = null)
{
    public bool SameAs(Requirement other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Id == other.Id && Title == other.Title && Tier == other.Tier && Principle == other.Principle &&
               Unconfirmed == other.Unconfirmed && Notes == other.Notes && Rule.SameAs(other.Rule);
    }
}

/// <summary>
/// An immutable published version (1, 2, 3…) of a charter. <see cref="EffectiveFrom"/> (null: the business date it was
/// published) is the business date from which it is in force — joiners join it from then; <see cref="GracePeriodDays"/>
/// the days after that for which the existing members keep the version they are on (0 when the
/// <c>Charters.VersionGracePeriod</c> flag was off for the charter's owner region at publish).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.version")]
public sealed record CharterVersion(
    [property: Id(0)] string CharterId,
    [property: Id(1)] int Version,
    [property: Id(2)] CharterDefinition Definition,
    [property: Id(3)] DateTimeOffset PublishedAt,
    [property: Id(4)] DateOnly? EffectiveFrom = null,
    [property: Id(5)] int GracePeriodDays = 0)
{
    /// <summary>The business date from which the version is in force (joiners join it).</summary>
    public DateOnly InForceFrom => EffectiveFrom ?? DateOnly.FromDateTime(PublishedAt.UtcDateTime);

    /// <summary>The business date from which the existing members are moved to it (<see cref="InForceFrom"/> + the grace period).</summary>
    public DateOnly MembersMoveOn => InForceFrom.AddDays(GracePeriodDays);

    /// <summary>The newest of <paramref name="versions"/> in force on <paramref name="day"/> (joiners join it), or null.</summary>
    public static CharterVersion? InForceOn(IReadOnlyList<CharterVersion> versions, DateOnly day) =>
        versions.LastOrDefault(v => v.InForceFrom <= day);

    /// <summary>The newest of <paramref name="versions"/> the existing members are to be on by <paramref name="day"/>, or null.</summary>
    public static CharterVersion? ForMembersOn(IReadOnlyList<CharterVersion> versions, DateOnly day) =>
        versions.LastOrDefault(v => v.MembersMoveOn <= day);
}

/// <summary>
/// A charter's latest published version and the numbers of all its versions; <see cref="InForce"/> the version in force
/// on the business date (joiners join it; lower than the latest's number while the latest is scheduled for a later date).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.overview")]
public sealed record CharterOverview(
    [property: Id(0)] CharterVersion Latest,
    [property: Id(1)] IReadOnlyList<int> Versions,
    [property: Id(2)] int InForce = 0,
    [property: Id(3)] int ForMembers = 0);

/// <summary>One line of the charter list (<c>GET /api/v1/charters</c>).</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.listing")]
public sealed record CharterListing(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Owner,
    [property: Id(3)] int LatestVersion,
    [property: Id(4)] IReadOnlyList<string> Tiers);

/// <summary>A member of a charter as its member index knows it. <see cref="Tier"/> is null while no tier is held.</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.member")]
public sealed record CharterMember(
    [property: Id(0)] string EmployerId,
    [property: Id(1)] string? Tier,
    [property: Id(2)] DateTimeOffset Since);

/// <summary>
/// A re-assessment of a charter's members still under way after <see cref="Version"/> was published: every member whose
/// employer id sorts (ordinal) after <see cref="Cursor"/> is still to be moved (null: none done yet).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.fan-out")]
public sealed record CharterFanOut(
    [property: Id(0)] int Version,
    [property: Id(1)] string? Cursor);
