using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Employers.Contracts;

/// <summary>
/// The shortest way up (<c>GET /employers/{id}/next-tier-plan</c>): the fewest evidence items, with values that satisfy
/// them, that lift the most active memberships to at least their next tier without lowering any. <see cref="Lifts"/> is
/// what submitting exactly these items (effective today, as the employer's own) does; <see cref="Exact"/> says whether
/// the search proved it optimal (false: the stated greedy approximation, module README).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.next-tier-plan")]
public sealed record NextTierPlan(
    [property: Id(0)] IReadOnlyList<PlanItem> Items,
    [property: Id(1)] IReadOnlyList<TierMove> Lifts,
    [property: Id(2)] bool Exact)
{
    public static NextTierPlan Empty { get; } = new([], [], true);
}

/// <summary>
/// One item of a plan: the kind, a value that satisfies every requirement it is counted for (<see cref="AnyValue"/>: the
/// requirements only ask that the kind is reported, so any value of the kind does and this one is an example), and the
/// requirements, across charters, it helps meet.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.plan-item")]
public sealed record PlanItem(
    [property: Id(0)] string Kind,
    [property: Id(1)] EvidenceValue Value,
    [property: Id(2)] IReadOnlyList<RequirementAdvance> Advances,
    [property: Id(3)] bool AnyValue = false);
