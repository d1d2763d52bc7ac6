using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Portal.Components;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Portal.Pages;

/// <summary>The home page (the platform's regions) and a region's dashboard. Read through Places' grains, as the API reads.</summary>
internal static class RegionPages
{
    /// <summary>How many years of figures a dashboard shows trends over (the current one and the ones before it).</summary>
    public const int Years = 10;

    public static void MapRegionPages(this IEndpointRouteBuilder pages)
    {
        pages.MapGet("/", async (IGrainFactory grains) =>
        {
            var codes = await grains.GetRegionList().GetRegionCodesAsync();
            var regions = await Task.WhenAll(codes.Select(c => grains.GetRegion(c).GetAsync()));
            var list = regions.Where(r => r.IsOk).Select(r => r.Value!).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            return PortalResults.Page<HomePage>(new { Regions = list });
        });

        pages.MapGet("/regions/{code}", async (string code, string? indicator, IGrainFactory grains, PlatformClock clock) =>
        {
            if (!Ids.IsGssCode(code) || await grains.GetRegion(code).GetAsync() is not { IsOk: true } region)
            {
                return PortalResults.NotFound("Region not found", $"There is no region with the code '{code}' on this platform.");
            }

            var model = await RegionDashboard.LoadAsync(region.Value!, indicator, clock.GetUtcNow().Year, grains);
            return PortalResults.Page<RegionDashboardPage>(new { Model = model });
        });
    }
}
