using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;
using static RegionalGoodWork.Charters.Tests.TestData;

namespace RegionalGoodWork.Charters.Tests;

/// <summary>The demo region's charter files, loaded through the loader the silo uses at start.</summary>
public sealed class ShippedChartersTests
{
    private const string Accredited = "pay.rlw-accredited";
    private const string ShareRlw = "pay.share-staff-paid-rlw";
    private const string ZeroHours = "conditions.zero-hours-share";
    private const string Consent = "conditions.zero-hours-only-by-consent";

    [Fact]
    public void ShippedCharters_AreTheFourDemoSchemes_WithTheirOwnersAndTiers()
    {
        var charters = ShippedCharters().ToDictionary(c => c.CharterId);

        Assert.Equal(["gm-gec", "lcr-fec", "london-gws", "ne-gwp"], charters.Keys.Order());
        Assert.Equal("E47000001", charters["gm-gec"].Definition.Owner);
        Assert.Equal(["supporter", "member"], charters["gm-gec"].Definition.Tiers);
        Assert.Equal("E47000004", charters["lcr-fec"].Definition.Owner);
        Assert.Equal(["aspiring", "accredited", "ambassador"], charters["lcr-fec"].Definition.Tiers);
        Assert.Equal("E61000001", charters["london-gws"].Definition.Owner);
        Assert.Equal(["foundation", "achievement", "excellence"], charters["london-gws"].Definition.Tiers);
        Assert.Equal("E47000014", charters["ne-gwp"].Definition.Owner);
        Assert.Equal(["standard", "advanced"], charters["ne-gwp"].Definition.Tiers);
    }

    [Theory]
    [InlineData("gm-gec")]
    [InlineData("lcr-fec")]
    [InlineData("london-gws")]
    public void ShippedCharter_ReadsBothRealLivingWageKinds(string charterId)
    {
        var kinds = Shipped(charterId).Definition.Requirements.SelectMany(r => r.Rule.Kinds()).ToHashSet();

        Assert.Contains(Accredited, kinds);
        Assert.Contains(ShareRlw, kinds);
    }

    [Fact]
    public void GreaterManchester_SecureWork_IsZeroHoursOnlyByConsent()
    {
        var leaves = Shipped("gm-gec").Definition.Requirements.SelectMany(r => r.Rule.Leaves());

        Assert.Contains(leaves, l => l.SameAs(Rule.Eq(Consent, true)));
    }

    [Fact]
    public void London_Excellence_IsNoZeroHoursAndFoundation_NonExploitativeZeroHours()
    {
        var requirements = Shipped("london-gws").Definition.Requirements;

        Assert.Contains(requirements, r => r.Tier == "excellence" && r.Rule.SameAs(Rule.Leaf(ZeroHours, RuleOp.Eq, Percent(0))));
        Assert.Contains(requirements, r => r.Tier == "foundation" && r.Rule.Leaves().Any(l => l.SameAs(Rule.Eq(Consent, true))));
        Assert.Contains(requirements, r => r.Tier == "foundation" && r.Rule.SameAs(Rule.Eq(Accredited, true)));
    }

    [Fact]
    public void NorthEast_Standard_IsAtLeastTwoOfFivePillarsAndAdvanced_AllFive()
    {
        var requirements = Shipped("ne-gwp").Definition.Requirements;

        var standard = Assert.Single(requirements, r => r.Tier == "standard");
        Assert.Equal((RuleOp.AtLeast, 2, 5), (standard.Rule.Op, standard.Rule.AtLeast, standard.Rule.Of!.Count));
        Assert.Equal(5, requirements.Count(r => r.Tier == "advanced"));
    }

    [Fact]
    public void ShippedCharters_MarkTheirUnconfirmedCriteria()
    {
        Assert.All(Shipped("lcr-fec").Definition.Requirements, r => Assert.True(r.Unconfirmed, r.Id));
        Assert.True(Shipped("gm-gec").Definition.FindRequirement("flexible-work")!.Unconfirmed);
        Assert.False(Shipped("gm-gec").Definition.FindRequirement("sick-pay-from-day-one")!.Unconfirmed);
        Assert.All(ShippedCharters(), c => Assert.False(string.IsNullOrWhiteSpace(c.Definition.Notes)));
    }

    [Fact]
    public void Alignment_OfTheShippedCharters_FindsTheSharedRealLivingWageKinds()
    {
        var report = CharterAlignment.Align(ShippedCharters(), Catalogue);

        foreach (var kind in new[] { Accredited, ShareRlw })
        {
            var shared = report.SharedKinds.Single(k => k.Kind == kind);
            Assert.Superset(new HashSet<string> { "gm-gec", "lcr-fec", "london-gws" }, shared.UsedBy.Select(u => u.CharterId).ToHashSet());
        }

        // London requires accreditation; the others accept paying the rate instead.
        var accredited = report.SharedKinds.Single(k => k.Kind == Accredited);
        Assert.True(accredited.Conflict);
        Assert.Equal(new RequirementRef("london-gws", "living-wage-accredited"), accredited.Strictest);
    }

    [Fact]
    public void Alignment_OfTheShippedCharters_ShowsTheZeroHoursConflictBetweenGreaterManchesterAndLondon()
    {
        var report = CharterAlignment.Align(ShippedCharters(), Catalogue);

        var zeroHours = report.SharedKinds.Single(k => k.Kind == ZeroHours);
        Assert.True(zeroHours.Conflict);
        Assert.Equal(new RequirementRef("london-gws", "no-zero-hours"), zeroHours.Strictest);
        var gmVsLondon = zeroHours.Relations.Single(r =>
            r.A == new RequirementRef("gm-gec", "secure-work-zero-hours") && r.B == new RequirementRef("london-gws", "no-zero-hours"));
        Assert.Equal(RuleRelation.Looser, gmVsLondon.Relation);
        Assert.Contains(zeroHours.UsedBy, u => u is { CharterId: "gm-gec", Alternative: true });
        Assert.Contains(zeroHours.UsedBy, u => u is { CharterId: "london-gws", RequirementId: "no-zero-hours", Alternative: false });
    }

    [Fact]
    public void Alignment_OfGreaterManchesterAndLondonAlone_StillShowsTheZeroHoursConflict()
    {
        var report = CharterAlignment.Align([Shipped("gm-gec"), Shipped("london-gws")], Catalogue);

        Assert.True(report.SharedKinds.Single(k => k.Kind == ZeroHours).Conflict);
        Assert.Contains(new RequirementRef("gm-gec", "sick-pay-from-day-one"), report.Unique);
    }

    [Fact]
    public void Assess_EmployerWithConsentedZeroHours_IsAGreaterManchesterMemberButNotLondonExcellent()
    {
        var evidence = Evidence(
            (Accredited, Bool(true)), (ShareRlw, Percent(100)), ("pay.interns-paid-rlw", Bool(true)),
            (Consent, Bool(true)), (ZeroHours, Percent(12)), ("conditions.guaranteed-hours-review-weeks", Count(12)),
            ("flex.flexible-from-day-one", Bool(true)), ("flex.family-friendly-policies", Bool(true)),
            ("pay.sick-pay-from-day-one", Bool(true)), ("pay.sick-pay-above-statutory", Bool(true)),
            ("voice.trade-union-recognised", Bool(true)), ("access.inclusive-recruitment", Bool(true)),
            ("support.line-manager-training", Bool(true)), ("wellbeing.health-wellbeing-plan", Bool(true)),
            ("equality.gender-pay-gap-published", Bool(true)), ("equality.ethnicity-pay-gap-published", Bool(true)),
            ("conditions.day-one-statement", Bool(true)), ("learning.progression-policy", Bool(true)));

        var gm = CharterEvaluator.Assess(Shipped("gm-gec"), evidence);
        var london = CharterEvaluator.Assess(Shipped("london-gws"), evidence);

        Assert.Equal("member", gm.Tier);
        Assert.Equal("achievement", london.Tier);
        Assert.Equal(["no-zero-hours"], london.Missing);
        Assert.Equal([ZeroHours], CharterEvaluator.NextTierRequests(Shipped("london-gws"), london, evidence).Select(r => r.Kind));
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, "standard")]
    [InlineData(4, "standard")]
    [InlineData(5, "advanced")]
    public void Assess_NorthEast_TierFollowsHowManyPillarsHaveEvidence(int pillars, string? expected)
    {
        var perPillar = new (string Kind, EvidenceValue Value)[][]
        {
            [(Accredited, Bool(true)), (Consent, Bool(true))],
            [("wellbeing.workplace-award", Bool(true))],
            [("voice.staff-survey-annual", Bool(true))],
            [("equality.edi-policy", Bool(true)), ("learning.staff-trained-12-months", Percent(60))],
            [("community.prompt-payment-days", Days(30)), ("community.local-spend-share", Percent(20))],
        };

        var assessment = CharterEvaluator.Assess(Shipped("ne-gwp"), Evidence(perPillar.Take(pillars).SelectMany(p => p).ToArray()));

        Assert.Equal(expected, assessment.Tier);
    }

    [Fact]
    public void Assess_NoEvidence_HoldsTheCommitmentTiersOnJoining()
    {
        Assert.Equal("supporter", CharterEvaluator.Assess(Shipped("gm-gec"), Evidence()).Tier);
        Assert.Equal("aspiring", CharterEvaluator.Assess(Shipped("lcr-fec"), Evidence()).Tier);
        Assert.Null(CharterEvaluator.Assess(Shipped("london-gws"), Evidence()).Tier);
        Assert.Null(CharterEvaluator.Assess(Shipped("ne-gwp"), Evidence()).Tier);
    }

    [Fact]
    public void GreaterManchester_FlexibleWork_AsksMoreThanTheStatutoryDayOneRightToRequest()
    {
        var gm = Shipped("gm-gec");
        var flexible = gm.Definition.FindRequirement("flexible-work")!;

        Assert.False(CharterEvaluator.Evaluate(flexible.Rule, Evidence(("flex.flexible-from-day-one", Bool(true)))).Met);
        Assert.True(CharterEvaluator.Evaluate(flexible.Rule, Evidence(("flex.flexible-from-day-one", Bool(true)), ("flex.vacancies-advertised-flexible", Percent(40)))).Met);
        Assert.True(CharterEvaluator.Evaluate(flexible.Rule, Evidence(("flex.flexible-from-day-one", Bool(true)), ("flex.family-friendly-policies", Bool(true)))).Met);
        Assert.False(CharterEvaluator.Evaluate(flexible.Rule, Evidence(("flex.flexible-from-day-one", Bool(true)), ("flex.vacancies-advertised-flexible", Percent(0)))).Met);
        Assert.True(flexible.Unconfirmed);
    }
}
