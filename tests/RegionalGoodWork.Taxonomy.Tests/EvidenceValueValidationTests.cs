using RegionalGoodWork.Taxonomy.Contracts;
using static RegionalGoodWork.Taxonomy.Tests.TestData;

namespace RegionalGoodWork.Taxonomy.Tests;

public sealed class EvidenceValueValidationTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Validate_BoolKindWithBoolean_ReturnsTheValue(string json, bool expected)
    {
        var (value, error) = Kind("pay.rlw-accredited").Validate(Json(json));

        Assert.Null(error);
        Assert.Equal(EvidenceType.Bool, value!.Type);
        Assert.Equal(expected, value.Bool);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"true\"")]
    [InlineData("null")]
    [InlineData("[true]")]
    public void Validate_BoolKindWithAnythingElse_ReturnsAnError(string json)
    {
        var (value, error) = Kind("pay.rlw-accredited").Validate(Json(json));

        Assert.Null(value);
        Assert.Contains("true or false", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("100")]
    [InlineData("99.99")]
    [InlineData("100.0")]
    public void Validate_PercentWithinZeroToHundred_IsAccepted(string json)
    {
        var (value, error) = Kind("pay.share-staff-paid-rlw").Validate(Json(json));

        Assert.Null(error);
        Assert.Equal(decimal.Parse(json, System.Globalization.CultureInfo.InvariantCulture), value!.Number);
    }

    [Theory]
    [InlineData("-0.01", "at least 0")]
    [InlineData("100.01", "at most 100")]
    [InlineData("101", "at most 100")]
    [InlineData("\"95\"", "must be a number")]
    public void Validate_PercentOutOfRangeOrNotANumber_ReturnsAnError(string json, string expected)
    {
        var (value, error) = Kind("pay.share-staff-paid-rlw").Validate(Json(json));

        Assert.Null(value);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-153.8")]
    [InlineData("0")]
    [InlineData("100")]
    public void Validate_GenderPayGapMayBeNegative_IsAccepted(string json)
    {
        var (value, error) = Kind("equality.gender-pay-gap-median").Validate(Json(json));

        Assert.Null(error);
        Assert.NotNull(value);
    }

    [Fact]
    public void Validate_GenderPayGapAboveHundred_ReturnsAnError()
    {
        var (_, error) = Kind("equality.gender-pay-gap-median").Validate(Json("100.5"));

        Assert.Contains("at most 100", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12.60", null)]
    [InlineData("0", null)]
    [InlineData("-0.01", "at least 0")]
    public void Validate_Money_IsNeverNegative(string json, string? expected)
    {
        var (_, error) = Kind("pay.lowest-adult-hourly-rate").Validate(Json(json));

        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("learning.apprenticeship-starts", "3", null)]
    [InlineData("learning.apprenticeship-starts", "0", null)]
    [InlineData("learning.apprenticeship-starts", "3.0", null)]
    [InlineData("learning.apprenticeship-starts", "3.5", "whole number")]
    [InlineData("learning.apprenticeship-starts", "-1", "at least 0")]
    [InlineData("conditions.shift-notice-days", "14", null)]
    [InlineData("conditions.shift-notice-days", "0.5", "whole number")]
    [InlineData("conditions.shift-notice-days", "-7", "at least 0")]
    public void Validate_CountsAndDays_AreWholeNumbersNotBelowZero(string kind, string json, string? expected)
    {
        var (_, error) = Kind(kind).Validate(Json(json));

        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\"none\"", null)]
    [InlineData("\"all\"", null)]
    [InlineData("\"some\"", "must be one of none, plan, milestones, all")]
    [InlineData("\"All\"", "must be one of")]
    [InlineData("2", "must be one of")]
    public void Validate_Choice_MustBeFromTheList(string json, string? expected)
    {
        var (value, error) = Kind("pay.contractors-rlw").Validate(Json(json));

        if (expected is null)
        {
            Assert.Null(error);
            Assert.Equal(EvidenceType.Choice, value!.Type);
        }
        else
        {
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\"2026-05-01\"", null)]
    [InlineData("\"2024-02-29\"", null)]
    [InlineData("\"2023-02-29\"", "ISO date")]
    [InlineData("\"01/05/2026\"", "ISO date")]
    [InlineData("\"2026-05-01T10:00:00Z\"", "ISO date")]
    [InlineData("20260501", "ISO date")]
    public void Validate_Date_MustBeAnIsoCalendarDate(string json, string? expected)
    {
        var kind = new EvidenceKind("test.renewal-date", "fair-pay", EvidenceType.Date, null, null, 12, [], "A date.");

        var (value, error) = kind.Validate(Json(json));

        if (expected is null)
        {
            Assert.Null(error);
            Assert.NotNull(value!.AsDate);
        }
        else
        {
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("\"https://example.org/policy.pdf\"", null)]
    [InlineData("\"  \"", "non-empty")]
    [InlineData("true", "document reference")]
    public void Validate_Document_IsNonEmptyText(string json, string? expected)
    {
        var kind = new EvidenceKind("test.policy-document", "dignity", EvidenceType.Document, null, null, 12, [], "A document.");

        var (_, error) = kind.Validate(Json(json));

        if (expected is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Validate_KindWithOwnRange_UsesItInsteadOfTheTypeDefault()
    {
        var kind = Kind("pay.share-staff-paid-rlw") with { Id = "test.narrow", Min = 10, Max = 20 };

        Assert.NotNull(kind.Validate(Json("9")).Error);
        Assert.Null(kind.Validate(Json("10")).Error);
        Assert.Null(kind.Validate(Json("20")).Error);
        Assert.NotNull(kind.Validate(Json("21")).Error);
    }

    [Fact]
    public void ToJsonValue_OfEachType_GivesTheBareJsonScalarBack()
    {
        Assert.Equal(true, Bool(true).ToJsonValue());
        Assert.Equal(95.5m, Percent(95.5m).ToJsonValue());
        Assert.Equal("plan", Choice("plan").ToJsonValue());
        Assert.Equal("2026-05-01", EvidenceValue.FromDate(new DateOnly(2026, 5, 1)).ToJsonValue());
        Assert.Equal("100", Percent(100.000m).ToJsonNode().ToJsonString());
    }

    [Fact]
    public void Check_ValueOfAnotherType_ReturnsAnError()
    {
        var error = Kind("pay.rlw-accredited").Check(Percent(100));

        Assert.Contains("of type bool", error, StringComparison.Ordinal);
    }
}
