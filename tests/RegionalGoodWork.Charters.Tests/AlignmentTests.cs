using RegionalGoodWork.Charters.Contracts;
using static RegionalGoodWork.Charters.Tests.TestData;

namespace RegionalGoodWork.Charters.Tests;

public sealed class AlignmentTests
{
    private static readonly CharterVersion TwoWeeks = Version("two-weeks", """
        {"name":"Two weeks","owner":"E47000001","tiers":["member"],"requirements":[
          {"id":"notice","title":"Notice","tier":"member","principle":"fair-conditions","rule":{"kind":"conditions.shift-notice-days","op":"gte","value":14}},
          {"id":"rlw","title":"RLW","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}},
          {"id":"forum","title":"Forum","tier":"member","principle":"participation","rule":{"kind":"voice.employee-forum","op":"eq","value":true}}]}
        """);

    private static readonly CharterVersion FourWeeks = Version("four-weeks", """
        {"name":"Four weeks","owner":"E47000004","tiers":["member"],"requirements":[
          {"id":"living-hours","title":"Notice","tier":"member","principle":"fair-conditions","rule":{"kind":"conditions.shift-notice-days","op":"gte","value":28}},
          {"id":"rlw","title":"RLW","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}},
          {"id":"union","title":"Union","tier":"member","principle":"participation","rule":{"kind":"voice.trade-union-recognised","op":"eq","value":true}}]}
        """);

    [Fact]
    public void Align_DifferentThresholdsOnOneKind_AreAConflictWithTheStrictestNamed()
    {
        var report = CharterAlignment.Align([TwoWeeks, FourWeeks], Catalogue);

        var notice = report.SharedKinds.Single(k => k.Kind == "conditions.shift-notice-days");
        Assert.True(notice.Conflict);
        Assert.Equal(new RequirementRef("four-weeks", "living-hours"), notice.Strictest);
        Assert.Equal(["two-weeks", "four-weeks"], notice.UsedBy.Select(u => u.CharterId));
        var relation = Assert.Single(notice.Relations);
        Assert.Equal(RuleRelation.Looser, relation.Relation);
    }

    [Fact]
    public void Align_SameThresholdOnOneKind_IsSharedWithoutConflict()
    {
        var report = CharterAlignment.Align([TwoWeeks, FourWeeks], Catalogue);

        var rlw = report.SharedKinds.Single(k => k.Kind == "pay.rlw-accredited");
        Assert.False(rlw.Conflict);
        Assert.Null(rlw.Strictest);
        Assert.Equal(RuleRelation.Equal, Assert.Single(rlw.Relations).Relation);
    }

    [Fact]
    public void Align_RequirementsOnKindsNoOtherCharterReads_AreUnique()
    {
        var report = CharterAlignment.Align([TwoWeeks, FourWeeks], Catalogue);

        Assert.Equal([new RequirementRef("two-weeks", "forum"), new RequirementRef("four-weeks", "union")], report.Unique);
        Assert.Equal(2, report.SharedKinds.Count);
    }

    [Fact]
    public void Align_BoolEqTrueAgainstEqFalse_IsAConflictWithNoStrictest()
    {
        var against = Version("against", """
            {"name":"Against","owner":"E47000001","tiers":["member"],"requirements":[
              {"id":"no-rlw","title":"Odd","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":false}}]}
            """);

        var rlw = CharterAlignment.Align([TwoWeeks, against], Catalogue).SharedKinds.Single();

        Assert.True(rlw.Conflict);
        Assert.Null(rlw.Strictest);
        Assert.Equal(RuleRelation.Disjoint, Assert.Single(rlw.Relations).Relation);
    }
}
