using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Places.Tests;

/// <summary>Contributions for tests: a charter member with sensible defaults; override what a test is about.</summary>
internal static class Build
{
    public static EmployerContribution Member(
        string employerId,
        int headcount,
        long stamp = 1,
        int? totalHeadcount = null,
        string charterId = "gm-gec",
        string tier = "member",
        bool rlw = false,
        bool? flexible = null,
        bool? union = null,
        decimal? gap = null,
        int? apprenticeships = null) =>
        new(employerId, stamp, headcount, totalHeadcount ?? headcount, true, [new CharterTier(charterId, tier)], rlw, flexible, union, gap, apprenticeships);

    public static EmployerContribution NonMember(string employerId, int headcount, long stamp = 1) =>
        new(employerId, stamp, headcount, headcount, false, [], true, true, true, 1m, 5);
}
