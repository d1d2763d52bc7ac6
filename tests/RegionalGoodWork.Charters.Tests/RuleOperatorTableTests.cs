using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Charters.Tests;

/// <summary>The one table of rule operators: stored numbers pinned, one entry per operator, nothing read from the enum's order.</summary>
public sealed class RuleOperatorTableTests
{
    /// <summary>What grain state holds today. A row may be added; none may change.</summary>
    public static TheoryData<RuleOp, int, string> Pinned => new()
    {
        { RuleOp.Eq, 0, "eq" },
        { RuleOp.Ne, 1, "ne" },
        { RuleOp.Gt, 2, "gt" },
        { RuleOp.Gte, 3, "gte" },
        { RuleOp.Lt, 4, "lt" },
        { RuleOp.Lte, 5, "lte" },
        { RuleOp.In, 6, "in" },
        { RuleOp.Present, 7, "present" },
        { RuleOp.AllOf, 8, "allOf" },
        { RuleOp.AnyOf, 9, "anyOf" },
        { RuleOp.AtLeast, 10, "atLeast" },
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void Table_AShippedOperator_KeepsItsStoredNumberAndJsonName(RuleOp op, int stored, string name)
    {
        var entry = op.Describe();

        Assert.Equal((stored, stored, name), ((int)op, entry.Stored, entry.Name));
    }

    [Fact]
    public void Table_EveryOperator_HasExactlyOneEntry_WithAUniqueStoredNumberAndName()
    {
        Assert.Equal(Enum.GetValues<RuleOp>().Order(), RuleOps.All.Select(o => o.Op).Order());
        Assert.Equal(RuleOps.All.Count, RuleOps.All.Select(o => o.Stored).Distinct().Count());
        Assert.Equal(RuleOps.All.Count, RuleOps.All.Select(o => o.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.All(RuleOps.All, o => Assert.Equal((int)o.Op, o.Stored));
    }

    [Fact]
    public void IsLeaf_ComesFromTheOperand_NotFromTheEnumsOrder()
    {
        Assert.Equal(["eq", "ne", "gt", "gte", "lt", "lte", "in", "present"], RuleOps.LeafNames);
        Assert.All(RuleOps.All, o => Assert.Equal(o.Operand is RuleOperand.None or RuleOperand.Value or RuleOperand.Values, o.Op.IsLeaf()));
        Assert.False(((RuleOp)99).IsLeaf());
    }

    [Theory]
    [InlineData("gte", RuleOp.Gte)]
    [InlineData("present", RuleOp.Present)]
    public void TryParseLeaf_ALeafName_FindsItsOperator(string name, RuleOp expected)
    {
        Assert.True(RuleOps.TryParseLeaf(name, out var op));
        Assert.Equal(expected, op);
    }

    [Theory]
    [InlineData("allOf")]
    [InlineData("GTE")]
    [InlineData(null)]
    public void TryParseLeaf_ACombinationOrUnknownName_IsRefused(string? name) => Assert.False(RuleOps.TryParseLeaf(name, out _));

    [Fact]
    public void LeafNamesFor_ADocument_OffersOnlyPresent() =>
        Assert.Equal(["present"], RuleOps.LeafNamesFor(EvidenceType.Document));
}
