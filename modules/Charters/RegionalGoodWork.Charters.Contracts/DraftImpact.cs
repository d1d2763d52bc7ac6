using Orleans.Concurrency;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>
/// The impact of a charter's draft before it is published (<c>POST /charters/{id}/draft/impact</c>): the draft, read as
/// publishing would read it, assessed against every current member's evidence by the member's own employer grain. Changes
/// nothing. A stateless worker: key 0, through <see cref="CharterGrainKeys.GetDraftImpact"/>.
/// </summary>
public interface IDraftImpactGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Every current member of <paramref name="charterId"/>'s member index assessed against its draft. No draft →
    /// <see cref="ProblemKind.Conflict"/> (as publishing answers); a draft the taxonomy no longer accepts →
    /// <see cref="ProblemKind.Invalid"/> (as publishing answers). A member that could not be assessed (its storage refuses
    /// the read) fails the whole run: counts with members missing would mislead.
    /// </summary>
    Task<Outcome<DraftImpact>> RunAsync(string charterId);
}

/// <summary>
/// What the Charters module needs from the source of truth to run a draft against a member: the employer assesses a version
/// it is given against its current evidence (the rates where its staff work, the taxonomy's implications) exactly as it
/// assesses its membership, so evidence never leaves it. Declared here (the consumer) and implemented by the Employers
/// module's employer grain; same key as the employer grain (<see cref="CharterGrainKeys.GetDraftImpactSource"/>).
/// </summary>
public interface IDraftImpactSource : IGrainWithStringKey
{
    /// <summary>
    /// The tier the employer holds in <paramref name="draft"/>'s charter now and the tier it would hold under
    /// <paramref name="draft"/> as of today, with the councils of its sites; null when the employer is not an active member
    /// of that charter (or does not exist): publishing would not move it either. Changes nothing.
    /// </summary>
    [ReadOnly]
    Task<DraftMemberAssessment?> AssessDraftAsync(CharterVersion draft);
}

/// <summary>One member under a draft: the tier held now, the tier under the draft (null: none), the councils of its sites (ordered).</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.draft-member-assessment")]
public sealed record DraftMemberAssessment(
    [property: Id(0)] string? TierNow,
    [property: Id(1)] string? TierUnderDraft,
    [property: Id(2)] IReadOnlyList<string> LocalAuthorities);

/// <summary>
/// The answer of <see cref="IDraftImpactGrain.RunAsync"/>: how many members were assessed, how many would change tier
/// (<see cref="Moved"/>), every (from, to) pair with its count — unchanged pairs included, so the counts add up to
/// <see cref="Members"/> — and the same per council of the members' sites (a member with sites in two councils counts in both).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.draft-impact")]
public sealed record DraftImpact(
    [property: Id(0)] int Members,
    [property: Id(1)] int Moved,
    [property: Id(2)] IReadOnlyList<TierMoveCount> Moves,
    [property: Id(3)] IReadOnlyList<LocalAuthorityMoves> ByLocalAuthority);

/// <summary>How many members go from tier <see cref="From"/> to tier <see cref="To"/> (null: no tier); From == To: unchanged.</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.tier-move-count")]
public sealed record TierMoveCount(
    [property: Id(0)] string? From,
    [property: Id(1)] string? To,
    [property: Id(2)] int Count);

/// <summary>The moves of the members with a site in council <see cref="Code"/> (GSS code).</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.local-authority-moves")]
public sealed record LocalAuthorityMoves(
    [property: Id(0)] string Code,
    [property: Id(1)] int Members,
    [property: Id(2)] IReadOnlyList<TierMoveCount> Moves);
