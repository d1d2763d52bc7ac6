using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Places;

internal static class PlacesTestData
{
    /// <summary>The real ONS files, kept with the Places unit tests so a clean clone has them.</summary>
    public static string OnsFile(string name) =>
        Path.Combine(Repository.Root, "tests", "RegionalGoodWork.Places.Tests", "Data", "ons", name);

    public static EmployerContribution Member(string employerId, int headcount, long stamp = 1, int? total = null, string charterId = "wy-fwc",
        string tier = "member", bool rlw = true) =>
        new(employerId, stamp, headcount, total ?? headcount, true, [new CharterTier(charterId, tier)], rlw, true, null, 8.5m, 2);

    public static Indicator Find(this IndicatorSet set, string id) =>
        set.Indicators.SingleOrDefault(i => i.Id == id) ?? throw new InvalidOperationException($"{set.Area} {set.Year} has no indicator {id}: {string.Join(", ", set.Indicators.Select(i => i.Id))}");

    public static Indicator Find(this RegionIndicatorSet set, string id) =>
        set.Indicators.SingleOrDefault(i => i.Id == id) ?? throw new InvalidOperationException($"{set.Area} {set.Year} has no indicator {id}");
}
