using RegionalGoodWork.Taxonomy.Contracts;
using static RegionalGoodWork.Taxonomy.Tests.TestData;

namespace RegionalGoodWork.Taxonomy.Tests;

/// <summary>Values travel typed from the HTTP edge (or from code) to the kind that checks them, with no JSON text on the way.</summary>
public sealed class SubmittedValueTests
{
    [Theory]
    [InlineData("true", SubmittedValueShape.Bool)]
    [InlineData("95.5", SubmittedValueShape.Number)]
    [InlineData("1e400", SubmittedValueShape.NumberOutOfRange)]
    [InlineData("\"plan\"", SubmittedValueShape.Text)]
    [InlineData("null", SubmittedValueShape.Other)]
    [InlineData("[1]", SubmittedValueShape.Other)]
    [InlineData("{}", SubmittedValueShape.Other)]
    public void FromJson_EachJsonKind_HasItsShape(string json, SubmittedValueShape shape)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);

        Assert.Equal(shape, SubmittedValue.FromJson(document.RootElement).Shape);
    }

    public static TheoryData<string, EvidenceValue> BuiltInCode => new()
    {
        { "pay.rlw-accredited", EvidenceValue.FromBool(true) },
        { "pay.share-staff-paid-rlw", EvidenceValue.FromNumber(EvidenceType.Percent, 97.5m) },
        { "pay.contractors-rlw", EvidenceValue.FromText(EvidenceType.Choice, "plan") },
    };

    [Theory]
    [MemberData(nameof(BuiltInCode))]
    public void Of_AValueBuiltInCode_IsReadBackByItsKindAsTheSameValue(string kindId, EvidenceValue value)
    {
        var (read, error) = Kind(kindId).Validate(SubmittedValue.Of(value));

        Assert.Null(error);
        Assert.Equal(value, read);
    }

    [Fact]
    public void Validate_ANumberBeyondDecimal_IsOutOfRange_NotAWrongType()
    {
        var (value, error) = Kind("pay.share-staff-paid-rlw").Validate(new SubmittedValue(SubmittedValueShape.NumberOutOfRange));

        Assert.Null(value);
        Assert.Equal("is out of range.", error);
    }

    [Fact]
    public void Validate_ABoolForAPercentKind_SaysANumberWasExpected()
    {
        var (value, error) = Kind("pay.share-staff-paid-rlw").Validate(SubmittedValue.Of(EvidenceValue.FromBool(true)));

        Assert.Null(value);
        Assert.Contains("must be a number", error, StringComparison.Ordinal);
    }
}
