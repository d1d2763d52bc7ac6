using RegionalGoodWork.Charters.Contracts;
using static RegionalGoodWork.Charters.Tests.TestData;

namespace RegionalGoodWork.Charters.Tests;

public sealed class TierTests
{
    /// <summary>bronze has no requirements; silver needs accreditation; gold needs 28 days' notice.</summary>
    private static readonly CharterVersion Ladder = Version("ladder", """
        {"name":"Ladder","owner":"E47000001","tiers":["bronze","silver","gold"],"requirements":[
          {"id":"rlw","title":"RLW","tier":"silver","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}},
          {"id":"notice","title":"Notice","tier":"gold","principle":"fair-conditions","rule":{"kind":"conditions.shift-notice-days","op":"gte","value":28}}]}
        """);

    [Fact]
    public void Assess_NoEvidence_HoldsTheTierWithNoRequirementsOnJoining()
    {
        var assessment = CharterEvaluator.Assess(Ladder, Evidence());

        Assert.Equal("bronze", assessment.Tier);
        Assert.Equal("silver", assessment.NextTier);
        Assert.Equal(["rlw", "notice"], assessment.Missing);
    }

    [Fact]
    public void Assess_AllRequirementsMet_HoldsTheTopTierWithNoNextTier()
    {
        var assessment = CharterEvaluator.Assess(Ladder, Evidence(("pay.rlw-accredited", Bool(true)), ("conditions.shift-notice-days", Days(28))));

        Assert.Equal("gold", assessment.Tier);
        Assert.Null(assessment.NextTier);
        Assert.Equal(["rlw", "notice"], assessment.Met);
        Assert.Equal(["item-pay.rlw-accredited"], assessment.Requirements[0].EvidenceItemIds);
    }

    [Fact]
    public void Assess_HigherTierMetButALowerOneNot_HoldsOnlyBelowTheGap()
    {
        var assessment = CharterEvaluator.Assess(Ladder, Evidence(("pay.rlw-accredited", Bool(false)), ("conditions.shift-notice-days", Days(30))));

        Assert.Equal("bronze", assessment.Tier);
        Assert.Equal("silver", assessment.NextTier);
        Assert.Equal(["notice"], assessment.Met);
    }

    [Fact]
    public void Assess_LowestTierUnmet_HoldsNoTier()
    {
        var version = Version("strict", """
            {"name":"Strict","owner":"E47000001","tiers":["member","advocate"],"requirements":[
              {"id":"rlw","title":"RLW","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
            """);

        var assessment = CharterEvaluator.Assess(version, Evidence());

        Assert.Null(assessment.Tier);
        Assert.Equal("member", assessment.NextTier);
    }

    [Fact]
    public void Assess_TopTierWithoutRequirements_IsHeldOnceTheLowerTiersAreMet()
    {
        var version = Version("open-top", """
            {"name":"Open top","owner":"E47000001","tiers":["member","friend"],"requirements":[
              {"id":"rlw","title":"RLW","tier":"member","principle":"fair-pay","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}}]}
            """);

        Assert.Null(CharterEvaluator.Assess(version, Evidence()).Tier);
        Assert.Equal("friend", CharterEvaluator.Assess(version, Evidence(("pay.rlw-accredited", Bool(true)))).Tier);
    }

    [Fact]
    public void NextTierRequests_ListTheKindsThatWouldReachTheNextTierOnly()
    {
        var evidence = Evidence();
        var assessment = CharterEvaluator.Assess(Ladder, evidence);

        var requests = CharterEvaluator.NextTierRequests(Ladder, assessment, evidence);

        var request = Assert.Single(requests);
        Assert.Equal(new EvidenceRequest("pay.rlw-accredited", "ladder", "rlw", "silver"), request);
    }

    [Fact]
    public void NextTierRequests_AtTheTop_AreEmpty()
    {
        var evidence = Evidence(("pay.rlw-accredited", Bool(true)), ("conditions.shift-notice-days", Days(28)));

        Assert.Empty(CharterEvaluator.NextTierRequests(Ladder, CharterEvaluator.Assess(Ladder, evidence), evidence));
    }
}
