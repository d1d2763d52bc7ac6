using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters.Contracts;

/// <summary>A requirement of a charter.</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.requirement-ref")]
public sealed record RequirementRef(
    [property: Id(0)] string CharterId,
    [property: Id(1)] string RequirementId);

/// <summary>
/// A requirement reading an evidence kind: the leaf that reads it, and whether it is only an <see cref="Alternative"/>
/// (the requirement can be met without that kind, e.g. one branch of an anyOf).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.kind-use")]
public sealed record KindUse(
    [property: Id(0)] string CharterId,
    [property: Id(1)] string RequirementId,
    [property: Id(2)] string Tier,
    [property: Id(3)] Rule Rule,
    [property: Id(4)] bool Alternative);

/// <summary>How requirement A constrains a kind compared with requirement B (as constraints on the kind: see the Charters module README).</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.requirement-relation")]
public sealed record RequirementRelation(
    [property: Id(0)] RequirementRef A,
    [property: Id(1)] RequirementRef B,
    [property: Id(2)] RuleRelation Relation);

/// <summary>
/// An evidence kind read by two or more charters: who reads it and how; <see cref="Conflict"/> when two charters'
/// requirements accept different values of it; <see cref="Strictest"/> the requirement whose threshold is at least as
/// strict as every other (evidence meeting it satisfies them all), when there is a conflict and such a requirement exists.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.shared-kind")]
public sealed record SharedKind(
    [property: Id(0)] string Kind,
    [property: Id(1)] IReadOnlyList<KindUse> UsedBy,
    [property: Id(2)] bool Conflict,
    [property: Id(3)] RequirementRef? Strictest,
    [property: Id(4)] IReadOnlyList<RequirementRelation> Relations);

/// <summary>One implication of the taxonomy: a fact of <see cref="From"/> implies what <see cref="Implication"/> says.</summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.implication-link")]
public sealed record ImplicationLink(
    [property: Id(0)] string From,
    [property: Id(1)] KindImplication Implication);

/// <summary>
/// Evidence kinds the taxonomy links by implications (<see cref="Implications"/>, those in force on the day aligned), read
/// by requirements of two or more charters: the requirements reading them (<see cref="UsedBy"/>, one line per leaf),
/// how each pair of different charters' requirements compare on the kinds together, implications applied
/// (<see cref="Relations"/>), and the <see cref="Strictest"/> requirement (evidence meeting it meets every other on these
/// kinds) when their thresholds differ (<see cref="Conflict"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.kind-cluster")]
public sealed record KindCluster(
    [property: Id(0)] IReadOnlyList<string> Kinds,
    [property: Id(1)] IReadOnlyList<KindUse> UsedBy,
    [property: Id(2)] bool Conflict,
    [property: Id(3)] RequirementRef? Strictest,
    [property: Id(4)] IReadOnlyList<RequirementRelation> Relations,
    [property: Id(5)] IReadOnlyList<ImplicationLink> Implications);

/// <summary>
/// The alignment of several charters (<c>GET /api/v1/alignment?charters=a,b,c</c>). <see cref="Clusters"/>: kinds linked
/// by the taxonomy's implications and read by two or more charters (a requirement in one is not <see cref="Unique"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.charters.alignment")]
public sealed record AlignmentReport(
    [property: Id(0)] IReadOnlyList<string> Charters,
    [property: Id(1)] IReadOnlyList<SharedKind> SharedKinds,
    [property: Id(2)] IReadOnlyList<RequirementRef> Unique,
    [property: Id(3)] IReadOnlyList<KindCluster>? Clusters = null);
