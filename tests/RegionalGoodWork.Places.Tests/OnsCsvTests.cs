using RegionalGoodWork.Places.Official;

namespace RegionalGoodWork.Places.Tests;

public sealed class OnsCsvTests
{
    private const string Header = "areacd,areanm,geography,indicator,period,observation,measure,unit,lci_95,uci_95,status,notes";

    [Fact]
    public void Parse_WithBomCrlfAndQuotedComma_ReadsEveryRowByColumnName()
    {
        var text = "\uFEFF" + Header + "\r\n" +
            "E06000023,\"Bristol, City of\",County or Unitary Authority,Employment rate,2023-01-01/P1Y,74.1,Percentage,%,71,77,,\r\n" +
            "E08000003,Manchester,Local Authority District,Employment rate,2023-01-01/P1Y,71.4,Percentage,%,66.2,76.6,,\r\n";

        var result = OnsCsv.Parse(text);

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal("Bristol, City of", result.Rows[0].AreaName);
        Assert.Equal(("E08000003", "71.4", "%", 3), (result.Rows[1].AreaCode, result.Rows[1].Observation, result.Rows[1].Unit, result.Rows[1].Line));
    }

    [Fact]
    public void Parse_ColumnsInAnotherOrder_AreFoundByName()
    {
        var result = OnsCsv.Parse("observation,period,indicator,geography,areanm,areacd\n12.5,2020,Some rate,LAD,Bolton,E08000001\n");

        Assert.Empty(result.Errors);
        Assert.Equal(("E08000001", "12.5", "Some rate"), (result.Rows[0].AreaCode, result.Rows[0].Observation, result.Rows[0].Indicator));
    }

    [Fact]
    public void Parse_MissingColumns_ReportsThemOnLineOneAndNoRows()
    {
        var result = OnsCsv.Parse("code,name,indicator,period,value\nE08000003,Manchester,Employment rate,2023,71.4\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("areacd", error.Message, StringComparison.Ordinal);
        Assert.Contains("observation", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void Parse_RowWithWrongNumberOfFields_ReportsItsLine()
    {
        var text = Header + "\nE08000003,Manchester,LAD,Employment rate,2023-01-01/P1Y,71.4,Percentage,%,66,76,,\n" +
            "E08000001,Bolton,LAD,Employment rate,2023-01-01/P1Y,65.6\n";

        var result = OnsCsv.Parse(text);

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("Expected 12 fields, found 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QuotedFieldSpanningLines_LaterRowsKeepTheirPhysicalLineNumbers()
    {
        var text = "areacd,areanm,geography,indicator,period,observation\n" +
            "E08000003,\"Manchester\nCity\",LAD,Employment rate,2023,71.4\n" +
            "E08000001,Bolton,LAD,Employment rate,2023,65.6\n";

        var result = OnsCsv.Parse(text);

        Assert.Equal([2, 4], result.Rows.Select(r => r.Line));
    }

    [Fact]
    public void Parse_BlankLinesAndTrailingNewline_AreIgnored()
    {
        var result = OnsCsv.Parse("areacd,areanm,geography,indicator,period,observation\n\nE08000001,Bolton,LAD,X,2023,1\n\n");

        Assert.Empty(result.Errors);
        Assert.Equal(3, Assert.Single(result.Rows).Line);
    }

    [Fact]
    public void Parse_EmptyText_IsAnError()
    {
        Assert.Equal(1, Assert.Single(OnsCsv.Parse("").Errors).Line);
    }

    [Theory]
    [InlineData("2022-04-01T00:00:00/P1Y", 2022)]
    [InlineData("2004-01-01/P1Y", 2004)]
    [InlineData("2023-04-19", 2023)]
    [InlineData("2022-04-01/2023-03-31", 2022)]
    [InlineData("2021-01-01T00:00:00+01:00/P3M", 2021)]
    [InlineData("2020", 2020)]
    public void TryYearOf_DatesAndIntervals_GiveTheYearOfTheStart(string period, int year)
    {
        Assert.True(OnsCsv.TryYearOf(period, out var actual));
        Assert.Equal(year, actual);
    }

    [Theory]
    [InlineData("")]
    [InlineData("April 2023")]
    [InlineData("2023-13-01")]
    [InlineData("2023-04-01/next year")]
    [InlineData("2023-04-01/P1Y/P1Y")]
    public void TryYearOf_SomethingElse_IsRefused(string period)
    {
        Assert.False(OnsCsv.TryYearOf(period, out _));
    }
}
