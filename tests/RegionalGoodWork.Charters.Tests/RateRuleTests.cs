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
}
