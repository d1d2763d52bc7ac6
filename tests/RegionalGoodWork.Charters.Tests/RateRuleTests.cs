using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;
using RegionalGoodWork.Taxonomy.WageRates;
using static RegionalGoodWork.Charters.Tests.TestData;

namespace RegionalGoodWork.Charters.Tests;

/// <summary>A leaf compared with the wage rate in force: by area and by the evidence's effective date, against the shipped rates.</summary>
public sealed class RateRuleTests
{
    private const string Lowest = "pay.lowest-adult-hourly-rate";
    private static readonly Rule AtLeastRlw = Rule.AgainstRate(Lowest, RuleOp.Gte, WageRateSchemes.RealLivingWage);
    private static readonly WageRateTable Shipped = new(ShippedWageRates.Value, 0);

    private static Dictionary<string, EvidenceFact> Pay(decimal rate, string effectiveFrom) =>
        new(StringComparer.Ordinal) { [Lowest] = new EvidenceFact(EvidenceValue.FromNumber(EvidenceType.Money, rate), "item", DateOnly.Parse(effectiveFrom, System.Globalization.CultureInfo.InvariantCulture)) };

    private static bool Met(Dictionary<string, EvidenceFact> evidence, params WageArea[] areas) =>
        CharterEvaluator.Evaluate(AtLeastRlw, evidence, new RateContext(Shipped, areas)).Met;

    [Fact]
    public void TheUkRateOutsideLondon_TheLondonRateInLondon_BothWhereTheEmployerHasBoth()
    {
        var pay = Pay(12.60m, "2025-06-01"); // the 2024 announcement in force: UK 12.60, London 13.85

        Assert.True(Met(pay, WageArea.Uk));
        Assert.True(Met(pay)); // no sites: the UK rate
        Assert.False(Met(pay, WageArea.London));
        Assert.False(Met(pay, WageArea.Uk, WageArea.London));
        Assert.True(Met(Pay(13.85m, "2025-06-01"), WageArea.Uk, WageArea.London));
    }

    [Fact]
    public void BeforeThePayByDate_ThePreviousRateCounts()
    {
        Assert.True(Met(Pay(12.60m, "2026-04-30"), WageArea.Uk));
        Assert.False(Met(Pay(12.60m, "2026-05-01"), WageArea.Uk)); // 2025 announcement, UK 13.45, pay by 1 May 2026
        Assert.True(Met(Pay(13.45m, "2026-05-01"), WageArea.Uk));
        Assert.Equal(12.00m, Shipped.RateInForce(WageRateSchemes.RealLivingWage, WageArea.Uk, new DateOnly(2024, 5, 1)));
        // 2022's pay-by date is the file's 14 May 2023, not the 1 May default.
        Assert.Equal(11.05m, Shipped.RateInForce(WageRateSchemes.RealLivingWage, WageArea.London, new DateOnly(2023, 5, 13)));
        Assert.Equal(11.95m, Shipped.RateInForce(WageRateSchemes.RealLivingWage, WageArea.London, new DateOnly(2023, 5, 14)));
        Assert.Equal(12.71m, Shipped.RateInForce(WageRateSchemes.NationalLivingWage, WageArea.London, new DateOnly(2026, 4, 1)));
    }

    [Fact]
    public void NoContext_NoEffectiveDate_OrNoRateInForce_IsNotMet()
    {
        var noDate = new Dictionary<string, EvidenceFact>(StringComparer.Ordinal) { [Lowest] = new EvidenceFact(EvidenceValue.FromNumber(EvidenceType.Money, 99m), "item") };

        Assert.False(CharterEvaluator.Evaluate(AtLeastRlw, Pay(99m, "2025-06-01")).Met);
        Assert.False(Met(noDate, WageArea.Uk));
        Assert.False(Met(Pay(99m, "2010-01-01"), WageArea.Uk)); // before the first shipped announcement's pay-by date
        Assert.False(CharterEvaluator.Holds(AtLeastRlw, EvidenceValue.FromNumber(EvidenceType.Money, 99m)));
    }

    [Theory]
    [InlineData("""{"kind":"pay.lowest-adult-hourly-rate","op":"gte","value":{"rate":"minimum-wage"}}""", "minimum-wage")]
    [InlineData("""{"kind":"pay.share-staff-paid-rlw","op":"gte","value":{"rate":"real-living-wage"}}""", "money")]
    [InlineData("""{"kind":"pay.lowest-adult-hourly-rate","op":"eq","value":{"rate":"real-living-wage"}}""", "gte")]
    [InlineData("""{"kind":"pay.lowest-adult-hourly-rate","op":"gte","value":{"rate":"real-living-wage","area":"london"}}""", "Unknown field")]
    public void ADraftWithABadRateValue_IsRefusedNamingWhy(string rule, string named)
    {
        var json = $$"""{"name":"x","owner":"E47000001","tiers":["member"],"requirements":[{"id":"lw","title":"lw","tier":"member","principle":"fair-pay","rule":{{rule}}}]}""";

        var outcome = CharterDefinitionJson.Read("rate-test", json, Catalogue);

        Assert.NotNull(outcome.Problem);
        Assert.Contains(named, string.Join(" ", outcome.Problem!.Errors!.SelectMany(e => e.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public void ARateLeaf_ReadsAndWritesItsWireShape()
    {
        const string rule = """{"kind":"pay.lowest-adult-hourly-rate","op":"gte","value":{"rate":"real-living-wage"}}""";
        var definition = Definition("rate-test", $$"""{"name":"x","owner":"E47000001","tiers":["member"],"requirements":[{"id":"lw","title":"lw","tier":"member","principle":"fair-pay","rule":{{rule}}}]}""");

        var read = definition.Requirements[0].Rule;

        Assert.True(read.SameAs(AtLeastRlw));
        Assert.Equal(rule, read.ToString());
    }

    [Fact]
    public void Uplift_AnnouncedRateAhead_IsDueByItsPayByDate_FromThatDayThePayNoLongerMeetsIt()
    {
        var announced = new WageRate(WageRateSchemes.RealLivingWage, new DateOnly(2026, 10, 20), new DateOnly(2027, 5, 1),
            new WageRateAmounts(14.10m, 15.55m), null, false);
        var rates = new WageRateTable([.. Shipped.Rates, announced], 1);
        var version = new CharterVersion("uplift", 1, new CharterDefinition("Uplift", "E47000001", ["member"],
            [new Requirement("living-wage", "Living wage", "member", "fair-pay", AtLeastRlw)]), DateTimeOffset.UnixEpoch);
        var pay = Pay(13.45m, "2026-05-01");
        var before = new RateContext(rates, [WageArea.Uk], new DateOnly(2027, 4, 30));
        var london = new RateContext(rates, [WageArea.Uk, WageArea.London], new DateOnly(2027, 4, 30));
        var after = before.AsOf(new DateOnly(2027, 5, 1));

        var assessed = CharterEvaluator.Assess(version, pay, before);
        var due = CharterEvaluator.DueBy(version, assessed, pay, before);
        var londonAssessed = CharterEvaluator.Assess(version, Pay(14.80m, "2026-05-01"), london);

        Assert.Equal("member", assessed.Tier);
        Assert.Equal([new RateDue("living-wage", Lowest, new DateOnly(2027, 5, 1), 14.10m, WageRateSchemes.RealLivingWage)], due);
        Assert.Equal(15.55m, CharterEvaluator.DueBy(version, londonAssessed, Pay(14.80m, "2026-05-01"), london).Single().Rate);
        Assert.Null(CharterEvaluator.Assess(version, pay, after).Tier);
        Assert.Equal("member", CharterEvaluator.Assess(version, Pay(14.10m, "2027-05-01"), after).Tier);
        Assert.Empty(CharterEvaluator.DueBy(version, CharterEvaluator.Assess(version, Pay(14.10m, "2026-05-01"), before), Pay(14.10m, "2026-05-01"), before));
        Assert.Empty(CharterEvaluator.DueBy(version, assessed, pay, new RateContext(rates, [WageArea.Uk]))); // no day assessed: nothing due
    }
}
