using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.IntegrationTests.Places;

internal static class PlacesTestData
{
    /// <summary>The real ONS files, kept with the Places unit tests so a clean clone has them.</summary>
    public static string OnsFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RegionalGoodWork.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "RegionalGoodWork.Places.Tests", "Data", "ons", name);
            }
        }

        throw new FileNotFoundException($"No RegionalGoodWork.sln above {AppContext.BaseDirectory} to find {name} from.");
    }

    public static EmployerContribution Member(string employerId, int headcount, long stamp = 1, int? total = null, string charterId = "wy-fwc",
        string tier = "member", bool rlw = true) =>
        new(employerId, stamp, headcount, total ?? headcount, true, [new CharterTier(charterId, tier)], rlw, true, null, 8.5m, 2);

    public static Indicator Find(this IndicatorSet set, string id) =>
        set.Indicators.SingleOrDefault(i => i.Id == id) ?? throw new InvalidOperationException($"{set.Area} {set.Year} has no indicator {id}: {string.Join(", ", set.Indicators.Select(i => i.Id))}");

    public static Indicator Find(this RegionIndicatorSet set, string id) =>
        set.Indicators.SingleOrDefault(i => i.Id == id) ?? throw new InvalidOperationException($"{set.Area} {set.Year} has no indicator {id}");
}
