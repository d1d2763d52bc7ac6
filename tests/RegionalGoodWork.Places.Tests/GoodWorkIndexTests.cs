using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Indicators;

namespace RegionalGoodWork.Places.Tests;

public sealed class GoodWorkIndexTests
{
    private static Indicator Official(string id, decimal value) => new(id, value, "x", false, new IndicatorBasis(null), "ONS test");

    private static IndexInput LocalAuthority(string code, Indicator[] year, Indicator[]? previous = null) =>
        new(new PlaceRef(code, code), year, previous ?? []);

    [Fact]
    public void Compute_StandardisesWithinTheRegion_AndRanksHighestFirst()
    {
        var entries = GoodWorkIndex.Compute(
        [
            LocalAuthority("low", [Official(IndicatorIds.EmploymentRate, 60), Official(IndicatorIds.MedianWeeklyPay, 400)]),
            LocalAuthority("mid", [Official(IndicatorIds.EmploymentRate, 70), Official(IndicatorIds.MedianWeeklyPay, 500)]),
            LocalAuthority("high", [Official(IndicatorIds.EmploymentRate, 80), Official(IndicatorIds.MedianWeeklyPay, 600)]),
        ]);

        // z = (x - mean) / population sd = ±10 / 8.165 = ±1.225 for both; mean of the two principles.
        Assert.Equal([("high", 1.225m, 1), ("mid", 0m, 2), ("low", -1.225m, 3)], entries.Select(e => (e.Code, e.Score!.Value, e.Rank!.Value)));
        Assert.Equal(1.225m, entries[0].Principles["access"]);
    }

    [Fact]
    public void Compute_PrinciplesWeighEqually_WhateverTheNumberOfIndicatorsBehindThem()
    {
        var entries = GoodWorkIndex.Compute(
        [
            LocalAuthority("a", [Official(IndicatorIds.EmploymentRate, 80), Official("economically-inactive", 15), Official(IndicatorIds.MedianWeeklyPay, 400)]),
            LocalAuthority("b", [Official(IndicatorIds.EmploymentRate, 60), Official("economically-inactive", 35), Official(IndicatorIds.MedianWeeklyPay, 600)]),
        ]);

        // Two access indicators favour a, one fair-pay indicator favours b: equal weight → a tie, sharing rank 1.
        Assert.All(entries, e => Assert.Equal((0m, 1), (e.Score!.Value, e.Rank!.Value)));
    }

    [Fact]
    public void Compute_GenderPayGap_CloserToZeroScoresBetter()
    {
        var entries = GoodWorkIndex.Compute(
        [
            LocalAuthority("wide", [new Indicator(IndicatorIds.MedianGenderPayGapMembers, 18m, "percent", false, new IndicatorBasis(9), "x")]),
            LocalAuthority("reverse", [new Indicator(IndicatorIds.MedianGenderPayGapMembers, -2m, "percent", false, new IndicatorBasis(9), "x")]),
        ]);

        Assert.Equal("reverse", entries[0].Code);
    }

    [Fact]
    public void Compute_SuppressedFigures_NeverEnterTheIndex()
    {
        var entries = GoodWorkIndex.Compute(
        [
            LocalAuthority("a", [new Indicator(IndicatorIds.ShareEmployeesAtRlwEmployers, null, "percent", true, new IndicatorBasis(2), "x")]),
            LocalAuthority("b", [new Indicator(IndicatorIds.ShareEmployeesAtRlwEmployers, 80m, "percent", false, new IndicatorBasis(9), "x")]),
        ]);

        Assert.All(entries, e => Assert.Null(e.Score));
        Assert.All(entries, e => Assert.Null(e.Rank));
    }

    [Fact]
    public void Compute_Change_ComparesOnlyIndicatorsAvailableInBothYears()
    {
        Indicator Rlw(decimal v) => new(IndicatorIds.ShareEmployeesAtRlwEmployers, v, "percent", false, new IndicatorBasis(9), "x");
        var entries = GoodWorkIndex.Compute(
        [
            LocalAuthority("a", [Official(IndicatorIds.EmploymentRate, 70), Rlw(90)], [Official(IndicatorIds.EmploymentRate, 60)]),
            LocalAuthority("b", [Official(IndicatorIds.EmploymentRate, 60), Rlw(10)], [Official(IndicatorIds.EmploymentRate, 70)]),
        ]);

        // Employment rate alone: a went from z = -1 to z = +1.
        var a = entries.Single(e => e.Code == "a");
        Assert.Equal(2m, a.Change);
        Assert.Equal(1m, a.Score);
    }

    [Fact]
    public void Compute_LocalAuthorityWithoutData_HasNoScoreAndComesLast()
    {
        var entries = GoodWorkIndex.Compute(
        [
            LocalAuthority("empty", []),
            LocalAuthority("a", [Official(IndicatorIds.EmploymentRate, 70)]),
            LocalAuthority("b", [Official(IndicatorIds.EmploymentRate, 60)]),
        ]);

        Assert.Equal(("empty", (decimal?)null, (int?)null, (decimal?)null), (entries[^1].Code, entries[^1].Score, entries[^1].Rank, entries[^1].Change));
    }
}
