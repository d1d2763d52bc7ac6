using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;
using static RegionalGoodWork.Charters.Tests.TestData;

namespace RegionalGoodWork.Charters.Tests;

public sealed class RuleEvaluationTests
{
    private const string Notice = "conditions.shift-notice-days";
    private const string Share = "pay.share-staff-paid-rlw";
    private const string Accredited = "pay.rlw-accredited";
    private const string Contractors = "pay.contractors-rlw";

    [Theory]
    [InlineData(RuleOp.Eq, 13, false)]
    [InlineData(RuleOp.Eq, 14, true)]
    [InlineData(RuleOp.Eq, 15, false)]
    [InlineData(RuleOp.Ne, 13, true)]
    [InlineData(RuleOp.Ne, 14, false)]
    [InlineData(RuleOp.Gt, 14, false)]
    [InlineData(RuleOp.Gt, 15, true)]
    [InlineData(RuleOp.Gte, 13, false)]
    [InlineData(RuleOp.Gte, 14, true)]
    [InlineData(RuleOp.Lt, 13, true)]
    [InlineData(RuleOp.Lt, 14, false)]
    [InlineData(RuleOp.Lte, 14, true)]
    [InlineData(RuleOp.Lte, 15, false)]
    public void Evaluate_ComparisonAtAndAroundTheThreshold_HoldsExactlyWhereItShould(RuleOp op, int days, bool expected)
    {
        var rule = Leaf(Notice, op, Days(14));

        var result = CharterEvaluator.Evaluate(rule, Evidence((Notice, Days(days))));

        Assert.Equal(expected, result.Met);
    }

    [Theory]
    [InlineData("99.99", false)]
    [InlineData("100", true)]
    [InlineData("100.00", true)]
    public void Evaluate_PercentGte100_NeedsAllStaff(string share, bool expected)
    {
        var rule = Leaf(Share, RuleOp.Gte, Percent(100));

        var result = CharterEvaluator.Evaluate(rule, Evidence((Share, Percent(decimal.Parse(share, System.Globalization.CultureInfo.InvariantCulture)))));

        Assert.Equal(expected, result.Met);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Evaluate_BoolEqTrue_HoldsOnlyForTrue(bool value, bool expected)
    {
        var result = CharterEvaluator.Evaluate(Rule.Eq(Accredited, true), Evidence((Accredited, Bool(value))));

        Assert.Equal(expected, result.Met);
    }

    [Theory]
    [InlineData("none", false)]
    [InlineData("plan", false)]
    [InlineData("milestones", true)]
    [InlineData("all", true)]
    public void Evaluate_In_HoldsForListedValuesOnly(string value, bool expected)
    {
        var rule = Rule.In(Contractors, Choice("milestones"), Choice("all"));

        var result = CharterEvaluator.Evaluate(rule, Evidence((Contractors, Choice(value))));

        Assert.Equal(expected, result.Met);
    }

    [Fact]
    public void Evaluate_Present_HoldsForAnyValueEvenZero()
    {
        var rule = Rule.Present("access.local-hires-share");

        Assert.True(CharterEvaluator.Evaluate(rule, Evidence(("access.local-hires-share", Percent(0)))).Met);
        Assert.False(CharterEvaluator.Evaluate(rule, Evidence()).Met);
    }

    [Theory]
    [InlineData(RuleOp.Eq)]
    [InlineData(RuleOp.Ne)]
    [InlineData(RuleOp.Gt)]
    [InlineData(RuleOp.Gte)]
    [InlineData(RuleOp.Lt)]
    [InlineData(RuleOp.Lte)]
    public void Evaluate_MissingEvidence_IsNotMetWhateverTheOperator(RuleOp op)
    {
        var result = CharterEvaluator.Evaluate(Leaf(Notice, op, Days(14)), Evidence((Share, Percent(100))));

        Assert.False(result.Met);
        Assert.Empty(result.EvidenceItemIds);
    }

    [Fact]
    public void Evaluate_MissingEvidenceForIn_IsNotMet()
    {
        Assert.False(CharterEvaluator.Evaluate(Rule.In(Contractors, Choice("all")), Evidence()).Met);
    }

    [Theory]
    [InlineData("2026-04-30", false)]
    [InlineData("2026-05-01", true)]
    [InlineData("2026-05-02", true)]
    public void Evaluate_DateGte_ComparesCalendarDates(string date, bool expected)
    {
        var rule = Leaf("test.review-date", RuleOp.Gte, EvidenceValue.FromDate(new DateOnly(2026, 5, 1)));
        var value = EvidenceValue.FromDate(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, CharterEvaluator.Evaluate(rule, Evidence(("test.review-date", value))).Met);
    }

    [Fact]
    public void Evaluate_MetLeaf_NamesTheEvidenceItemThatDecidedIt()
    {
        var result = CharterEvaluator.Evaluate(Rule.Eq(Accredited, true), Evidence((Accredited, Bool(true))));

        Assert.Equal(["item-pay.rlw-accredited"], result.EvidenceItemIds);
    }

    [Fact]
    public void Evaluate_AllOf_NeedsEveryPartAndNamesAllTheirItems()
    {
        var rule = Rule.AllOf(Rule.Eq(Accredited, true), Leaf(Notice, RuleOp.Gte, Days(14)));

        var partial = CharterEvaluator.Evaluate(rule, Evidence((Accredited, Bool(true)), (Notice, Days(13))));
        var full = CharterEvaluator.Evaluate(rule, Evidence((Accredited, Bool(true)), (Notice, Days(14))));

        Assert.False(partial.Met);
        Assert.Empty(partial.EvidenceItemIds);
        Assert.True(full.Met);
        Assert.Equal(["item-pay.rlw-accredited", "item-conditions.shift-notice-days"], full.EvidenceItemIds);
    }

    [Fact]
    public void Evaluate_AnyOf_HoldsOnOnePartAndNamesOnlyTheMetParts()
    {
        var rule = Rule.AnyOf(Rule.Eq(Accredited, true), Leaf(Share, RuleOp.Gte, Percent(100)));

        var none = CharterEvaluator.Evaluate(rule, Evidence((Accredited, Bool(false)), (Share, Percent(90))));
        var one = CharterEvaluator.Evaluate(rule, Evidence((Accredited, Bool(false)), (Share, Percent(100))));

        Assert.False(none.Met);
        Assert.True(one.Met);
        Assert.Equal(["item-pay.share-staff-paid-rlw"], one.EvidenceItemIds);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    public void Evaluate_AtLeastTwoOfThree_HoldsFromTheSecondMetPart(int metParts, bool expected)
    {
        var kinds = new[] { "voice.trade-union-recognised", "voice.employee-forum", "voice.staff-survey-annual" };
        var rule = Rule.AtLeastOf(2, kinds.Select(k => Rule.Eq(k, true)).ToArray());
        var evidence = Evidence(kinds.Select((k, i) => (k, Bool(i < metParts))).ToArray());

        var result = CharterEvaluator.Evaluate(rule, evidence);

        Assert.Equal(expected, result.Met);
        Assert.Equal(expected ? metParts : 0, result.EvidenceItemIds.Count);
    }

    [Fact]
    public void Evaluate_NestedCombinations_AreEvaluatedAllTheWayDown()
    {
        var rule = Rule.AllOf(
            Rule.AnyOf(Rule.Eq(Accredited, true), Leaf(Share, RuleOp.Gte, Percent(100))),
            Rule.AtLeastOf(1, Leaf(Notice, RuleOp.Gte, Days(28)), Rule.Eq("conditions.living-hours-accredited", true)));

        Assert.False(CharterEvaluator.Evaluate(rule, Evidence((Share, Percent(100)), (Notice, Days(27)))).Met);
        Assert.True(CharterEvaluator.Evaluate(rule, Evidence((Share, Percent(100)), (Notice, Days(28)))).Met);
    }

    [Fact]
    public void KindsThatWouldHelp_UnmetAllOf_ListsOnlyTheUnmetParts()
    {
        var rule = Rule.AllOf(Rule.Eq(Accredited, true), Leaf(Notice, RuleOp.Gte, Days(14)));

        var kinds = CharterEvaluator.KindsThatWouldHelp(rule, Evidence((Accredited, Bool(true)), (Notice, Days(7))));

        Assert.Equal([Notice], kinds);
    }

    [Fact]
    public void KindsThatWouldHelp_UnmetAnyOf_ListsEveryAlternative()
    {
        var rule = Rule.AnyOf(Rule.Eq(Accredited, true), Leaf(Share, RuleOp.Gte, Percent(100)));

        Assert.Equal([Accredited, Share], CharterEvaluator.KindsThatWouldHelp(rule, Evidence()));
    }

    [Fact]
    public void KindsThatWouldHelp_MetRule_IsEmpty()
    {
        Assert.Empty(CharterEvaluator.KindsThatWouldHelp(Rule.Eq(Accredited, true), Evidence((Accredited, Bool(true)))));
    }
}
