namespace RegionalGoodWork.Charters.Tests;

public sealed class MemberIndexTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Update_NewMember_IsListed()
    {
        var state = new MemberIndexState();

        var result = MemberIndex.Update(state, "acme", "member", May, 3, 1);

        Assert.Equal((true, true), result);
        var member = Assert.Single(MemberIndex.List(state));
        Assert.Equal(("acme", "member", May), (member.EmployerId, member.Tier, member.Since));
    }

    [Fact]
    public void Update_OlderStamp_IsIgnored()
    {
        var state = new MemberIndexState();
        MemberIndex.Update(state, "acme", "member", May, 5, 1);

        var result = MemberIndex.Update(state, "acme", "supporter", May.AddDays(-10), 4, 1);

        Assert.Equal((false, false), result);
        Assert.Equal("member", MemberIndex.List(state)[0].Tier);
    }

    [Fact]
    public void Update_SameMessageAgain_ChangesNothing()
    {
        var state = new MemberIndexState();
        MemberIndex.Update(state, "acme", "member", May, 5, 1);

        Assert.Equal((true, false), MemberIndex.Update(state, "acme", "member", May, 5, 1));
    }

    [Fact]
    public void Update_NewerStamp_Replaces()
    {
        var state = new MemberIndexState();
        MemberIndex.Update(state, "acme", "supporter", May, 5, 1);

        MemberIndex.Update(state, "acme", "member", May.AddDays(30), 6, 1);

        Assert.Equal("member", MemberIndex.List(state)[0].Tier);
    }

    [Fact]
    public void Remove_ThenALateOlderUpdate_StaysRemoved()
    {
        var state = new MemberIndexState();
        MemberIndex.Update(state, "acme", "member", May, 5, 1);

        Assert.Equal((true, true), MemberIndex.Remove(state, "acme", 7));
        Assert.Equal((false, false), MemberIndex.Update(state, "acme", "member", May, 6, 1));
        Assert.Empty(MemberIndex.List(state));
    }

    [Fact]
    public void Remove_WithAnOlderStamp_IsIgnored()
    {
        var state = new MemberIndexState();
        MemberIndex.Update(state, "acme", "member", May, 5, 1);

        Assert.Equal((false, false), MemberIndex.Remove(state, "acme", 4));
        Assert.Single(MemberIndex.List(state));
    }

    [Fact]
    public void Update_AfterRemovalWithANewerStamp_Rejoins()
    {
        var state = new MemberIndexState();
        MemberIndex.Remove(state, "acme", 7);

        MemberIndex.Update(state, "acme", null, May, 8, 1);

        Assert.Equal([("acme", (string?)null)], MemberIndex.List(state).Select(m => (m.EmployerId, m.Tier)));
    }

    [Fact]
    public void List_IsOrderedByEmployerId()
    {
        var state = new MemberIndexState();
        MemberIndex.Update(state, "zeta", "member", May, 1, 1);
        MemberIndex.Update(state, "acme", "member", May, 1, 1);

        Assert.Equal(["acme", "zeta"], MemberIndex.List(state).Select(m => m.EmployerId));
    }

    [Fact]
    public void Behind_FromACursor_TakesTheFollowingMembersInIdOrder_SkippingTombstones()
    {
        var state = new MemberIndexState();
        foreach (var id in new[] { "e05", "e01", "e03", "e02", "e04" })
        {
            MemberIndex.Update(state, id, null, May, 1, 1);
        }

        MemberIndex.Remove(state, "e03", 2);

        Assert.Equal(["e01", "e02"], MemberIndex.Behind(state, 2, null, 2));
        Assert.Equal(["e04", "e05"], MemberIndex.Behind(state, 2, "e02", 2));
        Assert.Empty(MemberIndex.Behind(state, 2, "e05", 2));
    }

    [Fact]
    public void Behind_WalkedToTheEnd_VisitsEveryMemberOnce()
    {
        var state = new MemberIndexState();
        var ids = Enumerable.Range(0, 23).Select(i => $"emp-{i * 7919 % 1000:000}").ToList();
        ids.ForEach(id => MemberIndex.Update(state, id, null, May, 1, 1));

        var visited = new List<string>();
        string? cursor = null;
        for (var batch = MemberIndex.Behind(state, 2, cursor, 5); batch.Count > 0; batch = MemberIndex.Behind(state, 2, cursor, 5))
        {
            visited.AddRange(batch);
            cursor = batch[^1];
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), visited);
    }

    [Fact]
    public void Behind_LeavesOutMembersAlreadyOnTheVersion_AndFindsOneToldAnOlderVersionLater()
    {
        var state = new MemberIndexState();
        MemberIndex.Update(state, "e01", null, May, 1, 2);
        MemberIndex.Update(state, "e02", null, May, 1, 1);
        MemberIndex.Update(state, "e03", null, May, 1, 3);

        Assert.Equal(["e02"], MemberIndex.Behind(state, 2, null, 10));
        Assert.Equal(["e01", "e02"], MemberIndex.Behind(state, 3, null, 10));

        MemberIndex.Update(state, "e02", null, May, 2, 2);
        Assert.Empty(MemberIndex.Behind(state, 2, null, 10));
        Assert.Equal((false, false), MemberIndex.Update(state, "e02", null, May, 1, 1)); // a late, older line changes nothing
        Assert.Empty(MemberIndex.Behind(state, 2, null, 10));
    }
}
