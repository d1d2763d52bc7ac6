using System.Net.Http.Json;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Demo;

/// <summary>tools/run.sh starts with Demo:Seed=true: the first run shows figures for Greater Manchester.</summary>
public sealed class DemoRegionTests
{
    [Fact]
    public async Task DemoSeed_OnAnEmptyPlatform_ShowsFictionalEmployersInTheRegionsIndicators_AndIsLoadedOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["Demo:Employers"] = "40" };

        await using (var first = await PlatformApp.StartOnPostgresAsync(settings, database))
        {
            var region = await first.GetJsonAsync<JsonElement>("/api/v1/regions/E47000001/indicators?year=2026");
            var employers = Figure(region, "charter-employers");
            var localAuthoritiesWithEmployers = region.GetProperty("byLocalAuthority").EnumerateArray()
                .Count(c => Figure(c, "employees-covered") is not null || Suppressed(c, "employees-covered"));
            var profile = await first.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/employers/demo-0001", UriKind.Relative));

            Assert.Equal(40m, employers);
            Assert.True(localAuthoritiesWithEmployers >= 5, $"demo employers reached only {localAuthoritiesWithEmployers} councils");
            Assert.StartsWith("Demo ", profile.GetProperty("name").GetString());
            Assert.Equal(JsonValueKind.Null, profile.GetProperty("companyNumber").ValueKind);

            // Beside them, the region's published ONS figures (Manchester, 2023: employment rate 71.4 %).
            var manchester = await first.GetJsonAsync<JsonElement>("/api/v1/local-authorities/E08000003/indicators?year=2023");
            Assert.Equal(71.4m, Figure(manchester, "employment-rate"));
            var bolton = await first.GetJsonAsync<JsonElement>("/api/v1/local-authorities/E08000001/indicators?year=2023");
            Assert.Equal(533.7m, Figure(bolton, "median-weekly-pay"));
        }
    }

    [Fact]
    public async Task DemoSeed_OnARestart_AddsNoSecondCopy()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["Demo:Employers"] = "12" };
        await using (await PlatformApp.StartOnPostgresAsync(settings, database))
        {
        }

        await using var second = await PlatformApp.StartOnPostgresAsync(settings, database);
        var members = await second.GetJsonAsync<JsonElement>("/api/v1/charters/gm-gec/members");

        Assert.Equal(12, members.EnumerateArray().Count(m => m.GetProperty("employerId").GetString()!.StartsWith("demo-", StringComparison.Ordinal)));
    }

    private static decimal? Figure(JsonElement set, string id) =>
        set.GetProperty("indicators").EnumerateArray().Where(i => i.GetProperty("id").GetString() == id)
            .Select(i => i.GetProperty("value").ValueKind == JsonValueKind.Number ? i.GetProperty("value").GetDecimal() : (decimal?)null)
            .FirstOrDefault();

    private static bool Suppressed(JsonElement set, string id) =>
        set.GetProperty("indicators").EnumerateArray().Any(i => i.GetProperty("id").GetString() == id && i.GetProperty("suppressed").GetBoolean());
}
