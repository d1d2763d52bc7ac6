using RegionalGoodWork.Taxonomy.Contracts;
using static RegionalGoodWork.Taxonomy.Tests.TestData;

namespace RegionalGoodWork.Taxonomy.Tests;

public sealed class TaxonomyCatalogueTests
{
    /// <summary>The canonical kinds of shared/domain.md: id, principle, type, validity in months.</summary>
    public static TheoryData<string, string, string, int> DomainKinds() => new()
    {
        { "pay.rlw-accredited", "fair-pay", "bool", 12 },
        { "pay.lowest-adult-hourly-rate", "fair-pay", "money", 12 },
        { "pay.share-staff-paid-rlw", "fair-pay", "percent", 12 },
        { "pay.apprentices-paid-rlw", "fair-pay", "bool", 12 },
        { "pay.interns-paid-rlw", "fair-pay", "bool", 12 },
        { "pay.contractors-rlw", "fair-pay", "choice", 12 },
        { "pay.sick-pay-from-day-one", "fair-pay", "bool", 24 },
        { "pay.sick-pay-above-statutory", "fair-pay", "bool", 24 },
        { "conditions.zero-hours-share", "fair-conditions", "percent", 12 },
        { "conditions.zero-hours-only-by-consent", "fair-conditions", "bool", 24 },
        { "conditions.guaranteed-hours-review-weeks", "fair-conditions", "count", 24 },
        { "conditions.shift-notice-days", "fair-conditions", "days", 12 },
        { "conditions.agency-parity-weeks", "fair-conditions", "count", 24 },
        { "conditions.living-hours-accredited", "fair-conditions", "bool", 12 },
        { "conditions.day-one-statement", "fair-conditions", "bool", 24 },
        { "conditions.no-fire-and-rehire", "fair-conditions", "bool", 24 },
        { "flex.flexible-from-day-one", "autonomy", "bool", 24 },
        { "flex.vacancies-advertised-flexible", "autonomy", "percent", 12 },
        { "flex.family-friendly-policies", "autonomy", "bool", 24 },
        { "voice.trade-union-recognised", "participation", "bool", 24 },
        { "voice.employee-forum", "participation", "bool", 24 },
        { "voice.staff-survey-annual", "participation", "bool", 12 },
        { "voice.worker-rep-confirmation", "participation", "bool", 12 },
        { "voice.representation-at-senior-level", "participation", "bool", 24 },
        { "learning.staff-trained-12-months", "learning", "percent", 12 },
        { "learning.apprenticeship-starts", "learning", "count", 12 },
        { "learning.progression-policy", "learning", "bool", 24 },
        { "learning.work-placements", "learning", "count", 12 },
        { "support.line-manager-training", "support", "bool", 24 },
        { "support.regular-one-to-ones", "support", "bool", 24 },
        { "wellbeing.health-wellbeing-plan", "wellbeing", "bool", 24 },
        { "wellbeing.mental-health-support", "wellbeing", "bool", 24 },
        { "wellbeing.workplace-award", "wellbeing", "bool", 36 },
        { "equality.gender-pay-gap-median", "equality", "percent", 12 },
        { "equality.gender-pay-gap-published", "equality", "bool", 12 },
        { "equality.ethnicity-pay-gap-published", "equality", "bool", 12 },
        { "equality.edi-policy", "equality", "bool", 24 },
        { "equality.workforce-diversity-monitored", "equality", "bool", 12 },
        { "access.inclusive-recruitment", "access", "bool", 24 },
        { "access.local-hires-share", "access", "percent", 12 },
        { "access.priority-group-placements", "access", "count", 12 },
        { "dignity.anti-harassment-policy", "dignity", "bool", 24 },
        { "dignity.algorithmic-impact-assessment", "dignity", "bool", 12 },
        { "community.prompt-payment-days", "access", "days", 12 },
        { "community.local-spend-share", "access", "percent", 12 },
    };

    [Fact]
    public void Principles_AreTheTenSharedOnes_InOrder()
    {
        Assert.Equal(
            ["access", "fair-pay", "fair-conditions", "equality", "dignity", "autonomy", "wellbeing", "support", "participation", "learning"],
            Catalogue.Principles.Select(p => p.Id));
        Assert.All(Catalogue.Principles, p => Assert.False(string.IsNullOrWhiteSpace(p.Description)));
    }

    [Theory]
    [MemberData(nameof(DomainKinds))]
    public void ShippedCatalogue_HasEachCanonicalKind_WithItsPrincipleTypeAndValidity(string id, string principle, string type, int months)
    {
        var kind = Kind(id);

        Assert.Equal(principle, kind.Principle);
        Assert.Equal(type, kind.Type.ToWire());
        Assert.Equal(months, kind.ValidityMonths);
        Assert.False(string.IsNullOrWhiteSpace(kind.Description));
    }

    [Fact]
    public void ShippedCatalogue_HasExactlyTheCanonicalKinds()
    {
        Assert.Equal(DomainKinds().Select(row => (string)row[0]).Order(), Catalogue.Kinds.Select(k => k.Id).Order());
    }

    [Fact]
    public void ShippedCatalogue_NamesVerifiersAndChoicesWhereTheDomainDoes()
    {
        Assert.Equal(["living-wage-register"], Kind("pay.rlw-accredited").Verifiers);
        Assert.Equal(["living-wage-register"], Kind("conditions.living-hours-accredited").Verifiers);
        Assert.Equal(["gender-pay-gap-service"], Kind("equality.gender-pay-gap-median").Verifiers);
        Assert.Equal(["none", "plan", "milestones", "all"], Kind("pay.contractors-rlw").Choices);
        Assert.True(Kind("equality.gender-pay-gap-median").LowestAllowed < 0);
        Assert.Equal("GBP per hour", Kind("pay.lowest-adult-hourly-rate").Unit);
    }

    [Fact]
    public void Read_ValidKindBody_GivesTheKind()
    {
        var outcome = EvidenceKindDefinition.Read("conditions.annualised-hours-share", Json("""
            {"principle":"fair-conditions","type":"percent","unit":"%","validityMonths":12,"verifiers":["payroll-provider"],
             "description":"Share of staff on annualised-hours contracts."}
            """), Catalogue.HasPrinciple);

        Assert.True(outcome.IsOk);
        Assert.Equal(EvidenceType.Percent, outcome.Value!.Type);
        Assert.Equal(["payroll-provider"], outcome.Value.Verifiers);
    }

    [Fact]
    public void Read_BadKindBody_ReportsEveryProblemAtOnce()
    {
        var outcome = EvidenceKindDefinition.Read("pay.new-kind", Json("""
            {"id":"pay.other","principle":"money","type":"ratio","choices":["a"],"validityMonths":0,"verifiers":["Not A Slug"],"colour":"red"}
            """), Catalogue.HasPrinciple);

        var errors = outcome.Problem!.Errors!;
        Assert.Equal(RegionalGoodWork.SharedKernel.ProblemKind.Invalid, outcome.Problem!.Kind);
        Assert.Contains("id", errors.Keys);
        Assert.Contains("principle", errors.Keys);
        Assert.Contains("type", errors.Keys);
        Assert.Contains("validityMonths", errors.Keys);
        Assert.Contains("verifiers[0]", errors.Keys);
        Assert.Contains("description", errors.Keys);
        Assert.Contains("colour", errors.Keys);
    }

    [Theory]
    [InlineData("""{"principle":"fair-pay","type":"choice","validityMonths":12,"description":"d"}""", "choices")]
    [InlineData("""{"principle":"fair-pay","type":"choice","choices":["a","a"],"validityMonths":12,"description":"d"}""", "choices")]
    [InlineData("""{"principle":"fair-pay","type":"bool","choices":["a"],"validityMonths":12,"description":"d"}""", "choices")]
    [InlineData("""{"principle":"fair-pay","type":"bool","min":0,"validityMonths":12,"description":"d"}""", "min")]
    [InlineData("""{"principle":"fair-pay","type":"percent","min":50,"max":10,"validityMonths":12,"description":"d"}""", "min")]
    [InlineData("""{"principle":"fair-pay","type":"count","validityMonths":"12","description":"d"}""", "validityMonths")]
    public void Read_InconsistentKind_IsRejectedOnTheField(string body, string field)
    {
        var outcome = EvidenceKindDefinition.Read("pay.new-kind", Json(body), Catalogue.HasPrinciple);

        Assert.False(outcome.IsOk);
        Assert.Contains(field, outcome.Problem!.Errors!.Keys);
    }

    [Fact]
    public void Build_StoredKinds_OverlayTheShippedOnesAndAddNewOnesAtTheEnd()
    {
        var changed = Kind("conditions.shift-notice-days") with { Description = "Changed at run time." };
        var added = new EvidenceKind("conditions.annualised-hours-share", "fair-conditions", EvidenceType.Percent, "%", null, 12, [], "New.");
        var state = new TaxonomyState { Revision = 2 };
        state.Kinds[changed.Id] = changed;
        state.Kinds[added.Id] = added;

        var catalogue = TaxonomyGrain.Build(state);

        Assert.Equal(2, catalogue.Revision);
        Assert.Equal(Catalogue.Kinds.Count + 1, catalogue.Kinds.Count);
        Assert.Equal("Changed at run time.", catalogue.FindKind("conditions.shift-notice-days")!.Description);
        Assert.Equal(added, catalogue.Kinds[^1]);
    }
}
