using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;
using RegionalGoodWork.Taxonomy.WageRates;
using static RegionalGoodWork.Charters.Tests.TestData;

namespace RegionalGoodWork.Charters.Tests;

/// <summary>The shipped kind implications in the one evaluator and in the alignment (rate leaves compared by the rate in force).</summary>
public sealed class KindImplicationTests
{
    private static readonly KindImplications Implied = KindImplications.From(Catalogue);
    private static readonly WageRateTable Rates = new(ShippedWageRates.Value, 0);
    private static readonly DateOnly May2026 = new(2026, 5, 1);
    private static readonly Rule AllStaff = Rule.Leaf("pay.share-staff-paid-rlw", RuleOp.Gte, Percent(100));
    private static readonly Rule LowestAtLeastRlw = Rule.AgainstRate("pay.lowest-adult-hourly-rate", RuleOp.Gte, WageRateSchemes.RealLivingWage);

    private static Dictionary<string, EvidenceFact> Dated(params (string Kind, EvidenceValue Value)[] items) =>
        items.ToDictionary(i => i.Kind, i => new EvidenceFact(i.Value, "item-" + i.Kind, May2026), StringComparer.Ordinal);

    private static RateContext In(WageArea area) => new(Rates, [area]);

    [Fact]
    public void Accreditation_MeetsAllStaffPaid_DecidedByTheAccreditationItem_ButNotWithoutTheTaxonomysImplications()
    {
        var evidence = Evidence(("pay.rlw-accredited", Bool(true)));

        var result = CharterEvaluator.Evaluate(AllStaff, evidence, implications: Implied);

        Assert.Equal(new[] { "item-pay.rlw-accredited" }, result.EvidenceItemIds);
        Assert.False(CharterEvaluator.Evaluate(AllStaff, evidence).Met);
        Assert.False(CharterEvaluator.Evaluate(AllStaff, Evidence(("pay.rlw-accredited", Bool(false))), implications: Implied).Met);
    }

    [Fact]
    public void Accreditation_MeetsTheRateInForceWhereTheStaffWork_ANumberOnlyWhereThatRateReachesIt()
    {
        var evidence = Dated(("pay.rlw-accredited", Bool(true)));
        // 1 May 2026: the real Living Wage in force is £13.45 (UK), £14.80 (London).
        Rule AtLeast(decimal pounds) => Rule.Leaf("pay.lowest-adult-hourly-rate", RuleOp.Gte, EvidenceValue.FromNumber(EvidenceType.Money, pounds));

        Assert.True(CharterEvaluator.Evaluate(LowestAtLeastRlw, evidence, In(WageArea.London), Implied).Met);
        Assert.True(CharterEvaluator.Evaluate(AtLeast(14.00m), evidence, In(WageArea.London), Implied).Met);
        Assert.False(CharterEvaluator.Evaluate(AtLeast(14.00m), evidence, In(WageArea.Uk), Implied).Met);
        Assert.False(CharterEvaluator.Evaluate(Rule.Leaf("pay.lowest-adult-hourly-rate", RuleOp.Lte, EvidenceValue.FromNumber(EvidenceType.Money, 20m)), evidence, In(WageArea.Uk), Implied).Met);
        Assert.False(CharterEvaluator.Evaluate(LowestAtLeastRlw, Evidence(("pay.rlw-accredited", Bool(true))), In(WageArea.Uk), Implied).Met); // no effective date
    }

    [Fact]
    public void Implications_Chain_LivingHoursToAccreditationToAllStaffPaid_AndFourWeeksNotice()
    {
        var evidence = Evidence(("conditions.living-hours-accredited", Bool(true)));

        Assert.True(CharterEvaluator.Evaluate(AllStaff, evidence, implications: Implied).Met);
        Assert.True(CharterEvaluator.Evaluate(Rule.Leaf("conditions.shift-notice-days", RuleOp.Gte, Days(14)), evidence, implications: Implied).Met);
        Assert.False(CharterEvaluator.Evaluate(Rule.Leaf("conditions.shift-notice-days", RuleOp.Gte, Days(35)), evidence, implications: Implied).Met);
    }

    [Fact]
    public void NothingIsImpliedForApprenticesOrInterns_OrForDayOneSickPayOnceStatutorySickPayRunsFromDayOne()
    {
        var accredited = Evidence(("pay.rlw-accredited", Bool(true)));
        Assert.False(CharterEvaluator.Evaluate(Rule.Eq("pay.apprentices-paid-rlw", true), accredited, implications: Implied).Met);
        Assert.False(CharterEvaluator.Evaluate(Rule.Eq("pay.interns-paid-rlw", true), accredited, implications: Implied).Met);

        var aboveStatutory = Rule.Eq("pay.sick-pay-above-statutory", true);
        EvidenceFact DayOne(DateOnly? from) => new(Bool(true), "sick", from);
        Assert.True(CharterEvaluator.Evaluate(aboveStatutory, new Dictionary<string, EvidenceFact> { ["pay.sick-pay-from-day-one"] = DayOne(new(2026, 4, 5)) }, implications: Implied).Met);
        Assert.False(CharterEvaluator.Evaluate(aboveStatutory, new Dictionary<string, EvidenceFact> { ["pay.sick-pay-from-day-one"] = DayOne(new(2026, 4, 6)) }, implications: Implied).Met);
        Assert.False(CharterEvaluator.Evaluate(aboveStatutory, new Dictionary<string, EvidenceFact> { ["pay.sick-pay-from-day-one"] = DayOne(null) }, implications: Implied).Met);
    }

    [Fact]
    public void London_AccreditedEmployer_IsAskedOnlyForInternsAtAchievement_NotForTheShareOrTheRate()
    {
        var london = Shipped("london-gws");
        var evidence = Evidence(("pay.rlw-accredited", Bool(true)), ("equality.gender-pay-gap-published", Bool(true)), ("conditions.zero-hours-share", Percent(0)));

        var assessment = CharterEvaluator.Assess(london, evidence, implications: Implied);
        var asked = CharterEvaluator.NextTierRequests(london, assessment, evidence, implications: Implied)
            .Where(r => r.RequirementId == "london-living-wage-incl-interns").Select(r => r.Kind);

        Assert.Equal("foundation", assessment.Tier);
        Assert.Equal(["pay.interns-paid-rlw"], asked);
    }

    [Fact]
    public void Alignment_OfAllFour_ClustersTheLivingWageRequirements_LondonsAccreditationStrictest()
    {
        var report = CharterAlignment.Align(ShippedCharters(), Catalogue, new AlignmentRates(Rates, May2026));

        var cluster = Assert.Single(report.Clusters!, c => c.Kinds.Contains("pay.rlw-accredited"));
        // Living Hours accreditation implies accreditation and four weeks' notice, but no charter reads it: it links nothing here.
        Assert.Equal(["pay.lowest-adult-hourly-rate", "pay.rlw-accredited", "pay.share-staff-paid-rlw"], cluster.Kinds);
        Assert.Equal(new RequirementRef("london-gws", "living-wage-accredited"), cluster.Strictest);
        RuleRelation Between(string a, string b) => cluster.Relations.Single(r => $"{r.A.CharterId}:{r.A.RequirementId}" == a && $"{r.B.CharterId}:{r.B.RequirementId}" == b).Relation;
        Assert.Equal(RuleRelation.Equal, Between("gm-gec:real-living-wage", "lcr-fec:fair-real-living-wage"));
        Assert.Equal(RuleRelation.Looser, Between("gm-gec:real-living-wage", "london-gws:living-wage-accredited"));
        // Accreditation implies every staff member paid: London's "all staff" is GM's reading without the accreditation branch.
        Assert.Equal(RuleRelation.Equal, Between("gm-gec:real-living-wage", "london-gws:london-living-wage-incl-interns"));
        // Day-one sick pay implies nothing above statutory since 6 April 2026: GM's and London's sick pay stay apart.
        Assert.DoesNotContain(report.Clusters!, c => c.Kinds.Contains("pay.sick-pay-from-day-one"));
        Assert.Contains(new RequirementRef("gm-gec", "sick-pay-from-day-one"), report.Unique);
    }

    [Fact]
    public void Alignment_BeforeApril2026_ClustersDayOneSickPayWithAboveStatutory_GreaterManchesterStrictest()
    {
        var report = CharterAlignment.Align([Shipped("gm-gec"), Shipped("london-gws")], Catalogue, new AlignmentRates(Rates, new DateOnly(2026, 1, 15)));

        var cluster = Assert.Single(report.Clusters!, c => c.Kinds.Contains("pay.sick-pay-from-day-one"));
        Assert.Equal(new RequirementRef("gm-gec", "sick-pay-from-day-one"), cluster.Strictest);
        Assert.DoesNotContain(new RequirementRef("london-gws", "sick-pay-above-statutory"), report.Unique);
    }

    [Fact]
    public void Alignment_RateLeafAgainstANumber_ComparedByTheRatesInForceAtUkAndLondonWorkplaces()
    {
        CharterVersion Paying(string id, string value) => Version(id, $$$"""
            {"name":"{{{id}}}","owner":"E47000001","tiers":["member"],"requirements":[
              {"id":"pay","title":"Pay","tier":"member","principle":"fair-pay","rule":{"kind":"pay.lowest-adult-hourly-rate","op":"gte","value":{{{value}}}}}]}
            """);
        var rlw = Paying("rlw", """{"rate":"real-living-wage"}""");
        var rates = new AlignmentRates(Rates, May2026);
        SharedKind On(CharterVersion other) => CharterAlignment.Align([rlw, other], Catalogue, rates).SharedKinds.Single();

        // £12.00 is below both rates in force (£13.45, £14.80): the rate is stricter; £14.00 lies between them: neither contains the other.
        Assert.Equal(RuleRelation.Stricter, On(Paying("twelve", "12.00")).Relations.Single().Relation);
        Assert.Equal(new RequirementRef("rlw", "pay"), On(Paying("twelve", "12.00")).Strictest);
        Assert.Equal(RuleRelation.Overlapping, On(Paying("fourteen", "14.00")).Relations.Single().Relation);
        Assert.Equal(RuleRelation.Looser, On(Paying("fifteen", "15.00")).Relations.Single().Relation);
        Assert.Equal(RuleRelation.Equal, On(Paying("rlw-too", """{"rate":"real-living-wage"}""")).Relations.Single().Relation);
    }
}
