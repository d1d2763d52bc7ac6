using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Geography;
using RegionalGoodWork.Places.Official;

namespace RegionalGoodWork.Places.Tests;

public sealed class OfficialImportTests
{
    private const string Header = "areacd,areanm,geography,indicator,period,observation,measure,unit,lci_95,uci_95,status,notes\n";

    /// <summary>The areas on a freshly seeded platform: the shipped councils and regions.</summary>
    private static readonly AreaClassifier Shipped = new(
        ShippedGeography.Shipped.LocalAuthorities.Select(c => c.Code).ToHashSet(StringComparer.Ordinal),
        ShippedGeography.Shipped.Regions.Select(r => r.Code).ToHashSet(StringComparer.Ordinal),
        ShippedGeography.Shipped.OtherAreas);

    private static ImportPlan Plan(string rows) => OfficialImport.Plan(OnsCsv.Parse(Header + rows), Shipped);

    [Fact]
    public void Plan_SuppressedRow_IsSkippedWithReasonAndTheRestImported()
    {
        var plan = Plan(
            "E09000001,City of London,LAD,Employment rate,2014-01-01/P1Y,,Percentage,%,,,x,\n" +
            "E08000003,Manchester,LAD,Employment rate,2014-01-01/P1Y,61.2,Percentage,%,58,64,,\n");

        Assert.Empty(plan.Report.Errors);
        Assert.Equal((1, 1), (plan.Report.Imported, plan.Report.Skipped));
        var skipped = Assert.Single(plan.Report.SkippedLines);
        Assert.Equal(2, skipped.Line);
        Assert.Contains("status x", skipped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_LowReliabilityRow_IsImportedAndMarked()
    {
        var plan = Plan("E08000003,Manchester,LAD,Employment rate,2014-01-01/P1Y,61.2,Percentage,%,58,64,u,\n");

        var observation = Assert.Single(plan.LocalAuthorities["E08000003"]);
        Assert.True(observation.LowReliability);
        Assert.Equal((IndicatorIds.EmploymentRate, 2014, 61.2m, "percent"), (observation.IndicatorId, observation.Year, observation.Value, observation.Unit));
    }

    [Fact]
    public void Plan_LowReliabilityWithoutValue_IsSkipped()
    {
        var plan = Plan("E09000001,City of London,LAD,Employment rate,2022-01-01/P1Y,,Percentage,%,,,u,\n");

        Assert.Empty(plan.Report.Errors);
        Assert.Contains("No value published", Assert.Single(plan.Report.SkippedLines).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_EightMegabytesOfCommas_IsRefused_WithABoundedReport_AndKeepsNoRows()
    {
        // 8 MiB of ",,,,\n" lines: each a record of the wrong width. Every problem is counted, a bounded number kept.
        var hostile = new System.Text.StringBuilder(Header, 8 * 1024 * 1024 + Header.Length);
        while (hostile.Length < 8 * 1024 * 1024)
        {
            hostile.Append(",,,,\n");
        }

        var parsed = OnsCsv.Parse(hostile.ToString());
        var plan = OfficialImport.Plan(parsed, Shipped);

        Assert.Empty(parsed.Rows);
        Assert.Equal(OnsCsv.MaxErrorsKept, parsed.Errors.Count);
        Assert.True(parsed.ErrorsNotKept > 1_000_000, $"counted {parsed.ErrorsNotKept} errors beyond those kept");
        Assert.Equal(OfficialImport.MaxListed + 1, plan.Report.Errors.Count);
        Assert.Contains($"… and {parsed.Errors.Count + parsed.ErrorsNotKept - OfficialImport.MaxListed} more not listed.",
            plan.Report.Errors[^1].Message, StringComparison.Ordinal);
        Assert.Equal(0, plan.Report.Imported);
        Assert.Equal(parsed.Errors.Count + parsed.ErrorsNotKept, plan.Report.ErrorCount);
    }

    [Fact]
    public void Parse_ALineOfAMillionCommas_IsOneErrorSayingTooManyFields_WithoutKeepingThem()
    {
        var parsed = OnsCsv.Parse(Header + new string(',', 1_000_000) + "\n");

        var error = Assert.Single(parsed.Errors);
        Assert.Equal($"Expected 12 fields, found more than {OnsCsv.MaxFields}.", error.Message);
    }

    [Fact]
    public void Plan_NonNumericObservation_RejectsTheWholeFileWithTheLine()
    {
        var plan = Plan(
            "E08000003,Manchester,LAD,Employment rate,2014-01-01/P1Y,61.2,Percentage,%,58,64,,\n" +
            "E08000001,Bolton,LAD,Employment rate,2014-01-01/P1Y,sixty,Percentage,%,58,64,,\n");

        var error = Assert.Single(plan.Report.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("'sixty' is not a number", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, plan.Report.Imported);
        Assert.Empty(plan.LocalAuthorities);
    }

    [Fact]
    public void Plan_EmptyObservationWithoutStatus_IsAnError()
    {
        var plan = Plan("E08000003,Manchester,LAD,Employment rate,2014-01-01/P1Y,,Percentage,%,58,64,,\n");

        Assert.Equal(2, Assert.Single(plan.Report.Errors).Line);
    }

    [Fact]
    public void Plan_UnknownAndMalformedAreaCodes_AreErrorsOnTheirLines()
    {
        var plan = Plan(
            "E08999999,Atlantis,LAD,Employment rate,2014-01-01/P1Y,61.2,Percentage,%,58,64,,\n" +
            "MANCHESTER,Manchester,LAD,Employment rate,2014-01-01/P1Y,61.2,Percentage,%,58,64,,\n" +
            "E08000003,Manchester,LAD,Employment rate,2014-01-01/P1Y,61.2,Percentage,%,58,64,,\n");

        Assert.Equal([2, 3], plan.Report.Errors.Select(e => e.Line));
        Assert.Contains("Unknown area code E08999999", plan.Report.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("not a GSS code", plan.Report.Errors[1].Message, StringComparison.Ordinal);
        Assert.Empty(plan.LocalAuthorities);
    }

    [Theory]
    [InlineData("S12000046", "Glasgow City")] // a former code of Glasgow City (boundary changes)
    [InlineData("E10000017", "Lancashire")]
    [InlineData("E12000002", "North West")]
    [InlineData("E92000001", "England")]
    [InlineData("K02000001", "United Kingdom")]
    [InlineData("E47000018", "Lancashire")]
    public void Plan_RealAreaNotOnThePlatform_IsSkippedNotAnError(string code, string name)
    {
        var plan = Plan($"{code},{name},X,Employment rate,2014-01-01/P1Y,61.2,Percentage,%,58,64,,\n");

        Assert.Empty(plan.Report.Errors);
        Assert.StartsWith(code, Assert.Single(plan.Report.SkippedLines).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ScottishWelshAndNorthernIrishCouncilsAndTheirNations_AreImported()
    {
        var plan = Plan(
            "S12000049,Glasgow City,LAD,Employment rate,2014-01-01/P1Y,61.2,Percentage,%,58,64,,\n" +
            "W06000015,Cardiff,LAD,Employment rate,2014-01-01/P1Y,66.0,Percentage,%,62,70,,\n" +
            "N09000003,Belfast,LAD,Gross median weekly pay,2014-04-19,450.5,Value,£,,,,\n" +
            "S92000003,Scotland,Nation,Employment rate,2014-01-01/P1Y,73.0,Percentage,%,72,74,,\n");

        Assert.Empty(plan.Report.Errors);
        Assert.Empty(plan.Report.SkippedLines);
        Assert.Equal(61.2m, Assert.Single(plan.LocalAuthorities["S12000049"]).Value);
        Assert.Equal(66.0m, Assert.Single(plan.LocalAuthorities["W06000015"]).Value);
        Assert.Equal(450.5m, Assert.Single(plan.LocalAuthorities["N09000003"]).Value);
        Assert.Equal(73.0m, Assert.Single(plan.Regions["S92000003"]).Value);
    }

    [Fact]
    public void Plan_WrongColumns_RejectsWithNothingPlanned()
    {
        var plan = OfficialImport.Plan(OnsCsv.Parse("area,indicator,year,value\nE08000003,Employment rate,2014,61.2\n"), Shipped);

        Assert.True(plan.Report.Rejected);
        Assert.Equal(1, Assert.Single(plan.Report.Errors).Line);
        Assert.Empty(plan.LocalAuthorities);
    }

    [Fact]
    public void Plan_AnyOtherIndicator_KeepsASlugOfItsOnsName()
    {
        var plan = Plan("E08000003,Manchester,LAD,Economically inactive,2014-01-01/P1Y,30.1,Percentage,%,28,32,,\n" +
            "E47000001,Greater Manchester,CA,Jobs below the Real Living Wage (%),2014-04-01,15,Percentage,%,,,,\n");

        Assert.Equal("economically-inactive", Assert.Single(plan.LocalAuthorities["E08000003"]).IndicatorId);
        Assert.Equal("jobs-below-the-real-living-wage", Assert.Single(plan.Regions["E47000001"]).IndicatorId);
    }

    [Fact]
    public void Plan_SameAreaIndicatorAndYearTwice_LaterLineWinsEarlierIsSkipped()
    {
        var plan = Plan("E08000003,Manchester,LAD,Employment rate,2014-01-01/P1Y,61.2,Percentage,%,58,64,,\n" +
            "E08000003,Manchester,LAD,Employment rate,2014-07-01/P1Y,62.0,Percentage,%,58,64,,\n");

        Assert.Equal(62.0m, Assert.Single(plan.LocalAuthorities["E08000003"]).Value);
        Assert.Equal(2, Assert.Single(plan.Report.SkippedLines).Line);
    }

    [Fact]
    public void Plan_RealEmploymentRateFile_GivesManchestersPublishedRateFor2023()
    {
        var plan = OfficialImport.Plan(OnsCsv.Parse(RealFile("ons_els_employment-rate.csv")), Shipped);

        Assert.Empty(plan.Report.Errors);
        var manchester = plan.LocalAuthorities["E08000003"];
        // ons_els_employment-rate.csv line 629: E08000003,Manchester,...,Employment rate,2023-01-01/P1Y,71.4
        Assert.Equal(71.4m, manchester.Single(o => o.IndicatorId == IndicatorIds.EmploymentRate && o.Year == 2023).Value);
        Assert.Equal(59.7m, manchester.Single(o => o.IndicatorId == IndicatorIds.EmploymentRate && o.Year == 2009).Value);
        Assert.Contains(plan.Report.SkippedLines, s => s.Line == 4206 && s.Message.Contains("status x", StringComparison.Ordinal));
        Assert.Equal(["economically-inactive", "employment-rate"], plan.Report.Indicators);
        // line 7667: S12000049,Glasgow City,...,Employment rate,2023-01-01/P1Y,71.2 — Scotland's councils are served too
        Assert.Equal(71.2m, plan.LocalAuthorities["S12000049"].Single(o => o.IndicatorId == IndicatorIds.EmploymentRate && o.Year == 2023).Value);
        Assert.Equal(16_080, plan.Report.Imported + plan.Report.Skipped);
    }

    [Fact]
    public void Plan_RealWeeklyPayFile_GivesManchesterAndTheRegionTheirPublishedPay()
    {
        var plan = OfficialImport.Plan(OnsCsv.Parse(RealFile("ons_els_gross-median-weekly-pay.csv")), Shipped);

        Assert.Empty(plan.Report.Errors);
        var manchester = plan.LocalAuthorities["E08000003"].Where(o => o.IndicatorId == IndicatorIds.MedianWeeklyPay).ToDictionary(o => o.Year);
        Assert.Equal(536.6m, manchester[2023].Value);
        Assert.Equal(589.3m, manchester[2025].Value);
        Assert.Equal(("GBP", "2023-04-19"), (manchester[2023].Unit, manchester[2023].Period));
        Assert.Contains(plan.Regions["E47000001"], o => o.Year == 2023);
    }

    private static string RealFile(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "ons", name));
}
