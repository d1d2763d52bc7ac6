using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;
using static RegionalGoodWork.Charters.Tests.TestData;

namespace RegionalGoodWork.Charters.Tests;

public sealed class RuleRelationsTests
{
    private const string Notice = "conditions.shift-notice-days";
    private const string ZeroHours = "conditions.zero-hours-share";
    private const string Consent = "conditions.zero-hours-only-by-consent";
    private const string Contractors = "pay.contractors-rlw";

    [Fact]
    public void Relate_Gte28AgainstGte14_IsStricterAndTheReverseLooser()
    {
        var four = Leaf(Notice, RuleOp.Gte, Days(28));
        var two = Leaf(Notice, RuleOp.Gte, Days(14));

        Assert.Equal(RuleRelation.Stricter, RuleRelations.Relate(four, two, Kind(Notice)));
        Assert.Equal(RuleRelation.Looser, RuleRelations.Relate(two, four, Kind(Notice)));
    }

    [Fact]
    public void Relate_SameThreshold_IsEqual()
    {
        Assert.Equal(RuleRelation.Equal, RuleRelations.Relate(Leaf(Notice, RuleOp.Gte, Days(14)), Leaf(Notice, RuleOp.Gte, Days(14))));
    }

    [Fact]
    public void Relate_Gt13AndGte14OnWholeDays_AreEqual()
    {
        Assert.Equal(RuleRelation.Equal, RuleRelations.Relate(Leaf(Notice, RuleOp.Gt, Days(13)), Leaf(Notice, RuleOp.Gte, Days(14)), Kind(Notice)));
    }

    [Fact]
    public void Relate_Gt13AndGte14OnPercent_AreNotEqual()
    {
        var share = "flex.vacancies-advertised-flexible";

        Assert.Equal(RuleRelation.Looser, RuleRelations.Relate(Leaf(share, RuleOp.Gt, Percent(13)), Leaf(share, RuleOp.Gte, Percent(14)), Kind(share)));
    }

    [Fact]
    public void Relate_BoolEqTrueAgainstEqFalse_IsDisjoint()
    {
        Assert.Equal(RuleRelation.Disjoint, RuleRelations.Relate(Rule.Eq(Consent, true), Rule.Eq(Consent, false), Kind(Consent)));
    }

    [Fact]
    public void Relate_BoolNeFalseAgainstEqTrue_IsEqual()
    {
        Assert.Equal(RuleRelation.Equal, RuleRelations.Relate(Leaf(Consent, RuleOp.Ne, Bool(false)), Rule.Eq(Consent, true), Kind(Consent)));
    }

    [Fact]
    public void Relate_EqZeroAgainstLte5_IsStricter()
    {
        Assert.Equal(RuleRelation.Stricter, RuleRelations.Relate(Leaf(ZeroHours, RuleOp.Eq, Percent(0)), Leaf(ZeroHours, RuleOp.Lte, Percent(5)), Kind(ZeroHours)));
    }

    [Fact]
    public void Relate_Lte0AgainstEq0OnAPercentThatCannotBeNegative_IsEqual()
    {
        Assert.Equal(RuleRelation.Equal, RuleRelations.Relate(Leaf(ZeroHours, RuleOp.Lte, Percent(0)), Leaf(ZeroHours, RuleOp.Eq, Percent(0)), Kind(ZeroHours)));
    }

    [Fact]
    public void Relate_Gte0AgainstPresentOnAPercent_IsEqual()
    {
        Assert.Equal(RuleRelation.Equal, RuleRelations.Relate(Leaf(ZeroHours, RuleOp.Gte, Percent(0)), Rule.Present(ZeroHours), Kind(ZeroHours)));
    }

    [Fact]
    public void Relate_AnyComparisonAgainstPresent_IsStricter()
    {
        Assert.Equal(RuleRelation.Stricter, RuleRelations.Relate(Leaf(Notice, RuleOp.Gte, Days(1)), Rule.Present(Notice), Kind(Notice)));
    }

    [Fact]
    public void Relate_Gte10AgainstLte20_IsOverlapping()
    {
        Assert.Equal(RuleRelation.Overlapping, RuleRelations.Relate(Leaf(Notice, RuleOp.Gte, Days(10)), Leaf(Notice, RuleOp.Lte, Days(20)), Kind(Notice)));
    }

    [Fact]
    public void Relate_Gte21AgainstLte20_IsDisjoint()
    {
        Assert.Equal(RuleRelation.Disjoint, RuleRelations.Relate(Leaf(Notice, RuleOp.Gte, Days(21)), Leaf(Notice, RuleOp.Lte, Days(20)), Kind(Notice)));
    }

    [Fact]
    public void Relate_NeAgainstEqOfTheSameValue_IsDisjoint()
    {
        Assert.Equal(RuleRelation.Disjoint, RuleRelations.Relate(Leaf(Notice, RuleOp.Ne, Days(14)), Leaf(Notice, RuleOp.Eq, Days(14))));
    }

    [Fact]
    public void Relate_OverlappingChoiceLists_IsOverlapping()
    {
        var a = Rule.In(Contractors, Choice("plan"), Choice("milestones"));
        var b = Rule.In(Contractors, Choice("milestones"), Choice("all"));

        Assert.Equal(RuleRelation.Overlapping, RuleRelations.Relate(a, b, Kind(Contractors)));
    }

    [Fact]
    public void Relate_ChoiceSubset_IsStricter()
    {
        var a = Leaf(Contractors, RuleOp.Eq, Choice("all"));
        var b = Rule.In(Contractors, Choice("milestones"), Choice("all"));

        Assert.Equal(RuleRelation.Stricter, RuleRelations.Relate(a, b, Kind(Contractors)));
    }

    [Fact]
    public void Relate_NeNoneAgainstInTheOtherThree_IsEqualWhenTheChoicesAreKnown()
    {
        var a = Leaf(Contractors, RuleOp.Ne, Choice("none"));
        var b = Rule.In(Contractors, Choice("plan"), Choice("milestones"), Choice("all"));

        Assert.Equal(RuleRelation.Equal, RuleRelations.Relate(a, b, Kind(Contractors)));
    }

    [Fact]
    public void Relate_LaterDateThreshold_IsStricter()
    {
        var kind = "test.policy-reviewed-on";
        var a = Leaf(kind, RuleOp.Gte, EvidenceValue.FromDate(new DateOnly(2026, 1, 1)));
        var b = Leaf(kind, RuleOp.Gt, EvidenceValue.FromDate(new DateOnly(2025, 6, 30)));

        Assert.Equal(RuleRelation.Stricter, RuleRelations.Relate(a, b));
    }

    [Fact]
    public void Relate_LeavesOnDifferentKinds_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => RuleRelations.Relate(Rule.Eq(Consent, true), Leaf(ZeroHours, RuleOp.Eq, Percent(0))));
    }

    [Fact]
    public void RelateOn_KindOnlyAnAlternative_IsLooserThanTheKindRequired()
    {
        var byConsentOrNone = Rule.AnyOf(Rule.Eq(Consent, true), Leaf(ZeroHours, RuleOp.Eq, Percent(0)));
        var none = Leaf(ZeroHours, RuleOp.Eq, Percent(0));

        Assert.Equal(RuleRelation.Looser, RuleRelations.RelateOn(ZeroHours, byConsentOrNone, none, Kind(ZeroHours)));
        Assert.True(RuleRelations.CanBeMetWithout(byConsentOrNone, ZeroHours));
        Assert.False(RuleRelations.CanBeMetWithout(none, ZeroHours));
    }

    [Fact]
    public void RelateOn_AllOfTwoThresholdsOnOneKind_ActsAsTheirIntersection()
    {
        var band = Rule.AllOf(Leaf(Notice, RuleOp.Gte, Days(14)), Leaf(Notice, RuleOp.Lte, Days(28)));

        Assert.Equal(RuleRelation.Stricter, RuleRelations.RelateOn(Notice, band, Leaf(Notice, RuleOp.Gte, Days(14)), Kind(Notice)));
    }
}
