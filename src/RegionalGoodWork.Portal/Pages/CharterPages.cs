using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Portal.Pages;

/// <summary>
/// The charters (list, one charter) and their comparison. Read through the Charters grains the API's charter routes use:
/// the registry, the charter's latest version and member index, and the analysis grain's alignment
/// (<c>GET /api/v1/alignment</c>); the taxonomy for the words.
/// </summary>
internal static class CharterPages
{
    public static void MapCharterPages(this IEndpointRouteBuilder pages)
    {
        pages.MapGet("/charters", async (IGrainFactory grains) =>
        {
            var listings = await grains.GetCharterRegistry().ListAsync();
            var rows = await Task.WhenAll(listings.Select(async l => new CharterRow(
                l, await RegionNameAsync(grains, l.Owner), (await grains.GetCharter(l.Id).GetMembersAsync()).Count)));
            return PortalResults.Page<CharterListPage>(new { Charters = rows.OrderBy(r => r.Listing.Name, StringComparer.Ordinal).ToList() });
        });

        pages.MapGet("/charters/{id}", async (string id, IGrainFactory grains, PlatformClock clock) =>
        {
            if (!Ids.IsSlug(id) || await grains.GetCharter(id).GetLatestAsync() is not { } latest)
            {
                return PortalResults.NotFound("Charter not found", $"There is no published charter '{id}' on this platform.");
            }

            // The requirements in force today; a version published for a later date is announced above them, not shown as if in force.
            var version = await grains.GetCharter(id).GetInForceAsync() ?? latest;

            var members = await grains.GetCharter(id).GetMembersAsync();
            var model = new CharterModel(
                version,
                await RegionNameAsync(grains, version.Definition.Owner),
                await grains.GetTaxonomy().GetCatalogueAsync(),
                version.Definition.Tiers.Select(t => (t, members.Count(m => m.Tier == t))).ToList(),
                members.Count(m => m.Tier is null || version.Definition.TierIndex(m.Tier) < 0),
                clock.Today,
                latest.Version > version.Version ? latest : null);
            return PortalResults.Page<CharterPage>(new { Model = model });
        });

        // ?charters=a,b (the API's form) and ?charters=a&charters=b (the page's checkboxes) both work; the form also
        // sends one empty value, so a form sent with nothing ticked is told so rather than shown the blank form again.
        pages.MapGet("/compare", async (HttpRequest request, IGrainFactory grains) =>
        {
            var available = (await grains.GetCharterRegistry().ListAsync()).OrderBy(l => l.Name, StringComparer.Ordinal).ToList();
            if (!request.Query.TryGetValue("charters", out var values))
            {
                return PortalResults.Page<ComparePage>(new { Model = new CompareModel(available, [], null, null, [], null) });
            }

            var chosen = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct(StringComparer.Ordinal).ToList();
            var aligned = await grains.GetCharterAnalysis().AlignAsync(chosen);
            if (aligned.Problem is { } problem)
            {
                var message = problem.Kind == ProblemKind.Invalid && chosen.Count < 2
                    ? "Choose at least two charters to compare"
                    : problem.Errors?.GetValueOrDefault("charters")?.FirstOrDefault() ?? problem.Detail ?? problem.Title;
                var status = problem.Kind == ProblemKind.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
                return PortalResults.Page<ComparePage>(new { Model = new CompareModel(available, chosen, message, null, [], null) }, status);
            }

            var report = aligned.Value!;
            var versions = await Task.WhenAll(report.Charters.Select(c => grains.GetCharter(c).GetLatestAsync()));
            var model = new CompareModel(available, chosen, null, report, versions.Select(v => v!).ToList(), await grains.GetTaxonomy().GetCatalogueAsync());
            return PortalResults.Page<ComparePage>(new { Model = model });
        });
    }

    /// <summary>The owning region's name, or its code when the platform does not know it.</summary>
    private static async Task<string> RegionNameAsync(IGrainFactory grains, string code) =>
        Ids.IsGssCode(code) && await grains.GetRegion(code).GetAsync() is { IsOk: true } region ? region.Value!.Name : code;
}

/// <summary>A line of the charter list: the listing, the owning region's name, how many members the index holds.</summary>
public sealed record CharterRow(CharterListing Listing, string OwnerName, int Members);

/// <summary>
/// A charter's page: its latest version, the owning region's name, the taxonomy (for the words), members per tier
/// (lowest first) and members holding no tier yet.
/// </summary>
public sealed record CharterModel(
    CharterVersion Version,
    string OwnerName,
    EvidenceCatalogue Catalogue,
    IReadOnlyList<(string Tier, int Members)> MembersPerTier,
    int MembersWithoutTier,
    DateOnly Today = default,
    CharterVersion? Upcoming = null);

/// <summary>
/// The comparison page: the charters to choose from, those chosen, and either the error to show (<see cref="Error"/>) or
/// the alignment (<see cref="Report"/>) with the chosen charters' versions and the taxonomy.
/// </summary>
public sealed record CompareModel(
    IReadOnlyList<CharterListing> Available,
    IReadOnlyList<string> Chosen,
    string? Error,
    AlignmentReport? Report,
    IReadOnlyList<CharterVersion> Charters,
    EvidenceCatalogue? Catalogue)
{
    public CharterVersion Charter(string charterId) => Charters.First(c => c.CharterId == charterId);

    public Requirement? Requirement(RequirementRef r) => Charter(r.CharterId).Definition.FindRequirement(r.RequirementId);
}
