using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RegionalGoodWork.Charters.Contracts;

namespace RegionalGoodWork.Charters.Tests;

/// <summary>How the draft impact counts the members' answers into an officer's tables (<see cref="DraftImpactTally"/>).</summary>
public sealed class DraftImpactTallyTests
{
    private static readonly string[] Tiers = ["foundation", "achievement", "excellence"];

    [Fact]
    public void Count_ListsEveryPair_UnchangedIncluded_NoTierFirst_ATierTheDraftDropsLast_AndLeavesNonMembersOut()
    {
        DraftMemberAssessment?[] assessed =
        [
            new("excellence", "achievement", ["E08000003"]),
            new("achievement", "achievement", ["E08000003"]),
            null, // not an active member any more
            new("gold", null, ["E08000001"]),        // a tier the draft no longer has
            new(null, "foundation", ["E08000001"]),
            new("excellence", "achievement", ["E08000003"]),
            new(null, null, ["E08000001"]),
        ];

        var impact = DraftImpactTally.Count(assessed, Tiers);

        Assert.Equal((6, 4), (impact.Members, impact.Moved));
        Assert.Equal(
            [new TierMoveCount(null, null, 1), new TierMoveCount(null, "foundation", 1), new TierMoveCount("achievement", "achievement", 1),
                new TierMoveCount("excellence", "achievement", 2), new TierMoveCount("gold", null, 1)],
            impact.Moves);
        Assert.Equal(impact.Members, impact.Moves.Sum(m => m.Count));
    }

    [Fact]
    public void Count_ByCouncil_CountsAMemberInEachCouncilOfItsSites_OnceEach_SortedByCode()
    {
        DraftMemberAssessment?[] assessed =
        [
            new("foundation", null, ["E08000003", "E08000001", "E08000003"]),
            new("foundation", "foundation", ["E08000003"]),
        ];

        var impact = DraftImpactTally.Count(assessed, Tiers);

        Assert.Equal(["E08000001", "E08000003"], impact.ByLocalAuthority.Select(c => c.Code));
        Assert.Equal([new TierMoveCount("foundation", null, 1)], impact.ByLocalAuthority[0].Moves);
        Assert.Equal(2, impact.ByLocalAuthority[1].Members);
        Assert.Equal([new TierMoveCount("foundation", null, 1), new TierMoveCount("foundation", "foundation", 1)], impact.ByLocalAuthority[1].Moves);
    }

    [Fact]
    public void Count_OfNoMembers_IsEmptyTables()
    {
        var impact = DraftImpactTally.Count([], Tiers);

        Assert.Equal((0, 0, 0, 0), (impact.Members, impact.Moved, impact.Moves.Count, impact.ByLocalAuthority.Count));
    }

    [Fact]
    public void TheImpactAndAMembersAnswer_CrossingGrains_RoundTrip()
    {
        var serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
        var member = new DraftMemberAssessment("foundation", null, ["E08000003"]);
        var impact = DraftImpactTally.Count([member], Tiers);

        var memberCopy = serializer.Deserialize<DraftMemberAssessment>(serializer.SerializeToArray(member))!;
        var impactCopy = serializer.Deserialize<DraftImpact>(serializer.SerializeToArray(impact))!;

        Assert.Equal((member.TierNow, member.TierUnderDraft, member.LocalAuthorities.Single()), (memberCopy.TierNow, memberCopy.TierUnderDraft, memberCopy.LocalAuthorities.Single()));
        Assert.Equal((impact.Members, impact.Moved, impact.Moves.Single()), (impactCopy.Members, impactCopy.Moved, impactCopy.Moves.Single()));
        Assert.Equal((impact.ByLocalAuthority.Single().Code, impact.ByLocalAuthority.Single().Moves.Single()),
            (impactCopy.ByLocalAuthority.Single().Code, impactCopy.ByLocalAuthority.Single().Moves.Single()));
    }
}
