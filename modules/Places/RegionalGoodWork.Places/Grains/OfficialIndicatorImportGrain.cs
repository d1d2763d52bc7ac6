using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Places.Geography;
using RegionalGoodWork.Places.Official;

namespace RegionalGoodWork.Places.Grains;

/// <summary>
/// Imports an ONS file: parses and validates all of it first (nothing is stored if anything is wrong), then hands
/// each area's values to its council or region grain in bounded batches. Re-importing a file changes nothing.
/// </summary>
[GrainType("official-indicator-import"), StatelessWorker]
internal sealed class OfficialIndicatorImportGrain(ILogger<OfficialIndicatorImportGrain> logger) : Grain, IOfficialIndicatorImportGrain
{
    private const int Batch = 16;

    public async Task<ImportReport> CheckCsvAsync(string csv) => (await PlanAsync(csv)).Report;

    public async Task<ImportReport> ImportCsvAsync(string csv, string? withinRegion = null)
    {
        var plan = await PlanAsync(csv);
        if (plan.Report.Rejected)
        {
            logger.OfficialRejected(plan.Report.Errors.Count);
            return plan.Report;
        }

        if (withinRegion is not null && await OutsideAsync(plan, withinRegion) is { Count: > 0 } outside)
        {
            logger.OfficialOutsideScope(withinRegion, outside.Count);
            return plan.Report with { Imported = 0, OutsideScope = outside };
        }

        var work = plan.LocalAuthorities.Select(c => (Func<Task<int>>)(() => GrainFactory.GetLocalAuthorityRollup(c.Key).ImportOfficialAsync(c.Value)))
            .Concat(plan.Regions.Select(r => (Func<Task<int>>)(() => GrainFactory.GetRegionRollup(r.Key).ImportOfficialAsync(r.Value))));
        var changed = 0;
        foreach (var chunk in work.Chunk(Batch))
        {
            changed += (await Task.WhenAll(chunk.Select(start => start()))).Sum();
        }

        logger.OfficialImported(plan.Report.Imported, plan.Report.Areas, plan.Report.Skipped);
        return plan.Report with { Changed = changed };
    }

    /// <summary>The file parsed and validated against the areas on the platform now: what an import would apply, or its errors.</summary>
    private async Task<ImportPlan> PlanAsync(string csv)
    {
        var parsed = OnsCsv.Parse(csv ?? "");
        var catalogue = await GrainFactory.GetPlacesDirectory().GetCatalogueAsync();
        var areas = new AreaClassifier(catalogue.LocalAuthorities.ToHashSet(StringComparer.Ordinal), catalogue.Regions.ToHashSet(StringComparer.Ordinal),
            ShippedGeography.Shipped.OtherAreas);
        return OfficialImport.Plan(parsed, areas);
    }

    /// <summary>The file's areas that are neither the region nor a council in it now (as each council says).</summary>
    private async Task<List<string>> OutsideAsync(ImportPlan plan, string region)
    {
        var councils = await Task.WhenAll(plan.LocalAuthorities.Keys.Select(async code =>
            (code, (await GrainFactory.GetLocalAuthority(code).GetAsync()).Value?.RegionCode)));
        return plan.Regions.Keys.Where(r => r != region)
            .Concat(councils.Where(c => c.RegionCode != region).Select(c => c.code))
            .Order(StringComparer.Ordinal).ToList();
    }
}
