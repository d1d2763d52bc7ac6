using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Contributions;

namespace RegionalGoodWork.Places.Tests;

public sealed class DriftCheckTests
{
    private static CouncilLedger Ledger(params EmployerContribution[] contributions)
    {
        var ledger = new CouncilLedger();
        foreach (var c in contributions)
        {
            ledger.Apply(c);
        }

        return ledger;
    }

    [Fact]
    public void Compare_RecomputationMatches_NoDrift()
    {
        var fresh = new[] { Build.Member("a", 10, rlw: true), Build.Member("b", 20, gap: 3m) };

        var report = DriftCheck.Compare("E08000003", Ledger(fresh), fresh);

        Assert.False(report.HasDrift);
        Assert.Equal(2, report.EmployersChecked);
    }

    [Fact]
    public void Compare_InjectedDriftInTheTotals_IsReportedPerMeasure()
    {
        var fresh = new[] { Build.Member("a", 10), Build.Member("b", 20) };
        var ledger = Ledger(fresh);
        ledger.Totals.EmployeesCovered += 7;

        var report = DriftCheck.Compare("E08000003", ledger, fresh);

        var drift = Assert.Single(report.Totals);
        Assert.Equal(("employeesCovered", 37m, 30m), (drift.Measure, drift.Incremental, drift.Recomputed));
        Assert.Empty(report.Employers);
    }

    [Fact]
    public void Compare_EmployerTheLocalAuthorityNeverHeard_IsMissingAndTheTotalsDiffer()
    {
        var ledger = Ledger(Build.Member("a", 10));

        var report = DriftCheck.Compare("E08000003", ledger, [Build.Member("a", 10), Build.Member("lost", 5, stamp: 4)]);

        Assert.Equal(("lost", DriftKind.Missing), (report.Employers.Single().EmployerId, report.Employers.Single().Kind));
        Assert.Contains(report.Totals, t => t.Measure == "employeesCovered" && t.Incremental == 10m && t.Recomputed == 15m);
    }

    [Fact]
    public void Compare_EmployerCountedHereButNotInTheRecomputation_IsUnexpected()
    {
        var report = DriftCheck.Compare("E08000003", Ledger(Build.Member("a", 10), Build.Member("gone", 3)), [Build.Member("a", 10)]);

        Assert.Equal(("gone", DriftKind.Unexpected), (report.Employers.Single().EmployerId, report.Employers.Single().Kind));
    }

    [Fact]
    public void Compare_SameStampDifferentFigures_IsDifferent_AndAnOlderHeldStampIsBehind()
    {
        var ledger = Ledger(Build.Member("a", 10, stamp: 3), Build.Member("b", 10, stamp: 3));

        var report = DriftCheck.Compare("E08000003", ledger, [Build.Member("a", 12, stamp: 3), Build.Member("b", 10, stamp: 4, rlw: true)]);

        Assert.Equal([("a", DriftKind.Different), ("b", DriftKind.Behind)], report.Employers.Select(e => (e.EmployerId, e.Kind)));
    }

    [Fact]
    public void Compare_LocalAuthorityNewerThanTheRecomputation_IsARaceNotDrift()
    {
        var ledger = Ledger(Build.Member("a", 10, stamp: 9));

        var report = DriftCheck.Compare("E08000003", ledger, [Build.Member("a", 50, stamp: 8)]);

        Assert.False(report.HasDrift);
    }
}
