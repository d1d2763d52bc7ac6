using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using RegionalGoodWork.Portal.Pages;

namespace RegionalGoodWork.Portal;

/// <summary>
/// The portal's one public registration type: the pages people read (design.md "Pages", api.md "Pages") and the assets
/// they use. The host calls <see cref="AddPortal"/>, <see cref="UsePortalAssets"/> and <see cref="MapPortal"/>.
/// </summary>
public static class PortalModule
{
    /// <summary>Where the assets are served from: GOV.UK Frontend's compiled CSS and JS and the portal's own CSS.</summary>
    public const string AssetsPath = "/assets/portal";

    /// <summary>
    /// The feature flag (Microsoft.FeatureManagement, default on in appsettings.json) switching the signed-in pages: an
    /// employer's page and a charter's members page. Off for the caller, they answer the 404 page.
    /// </summary>
    public const string EmployerPagesFlag = "Portal.EmployerPages";

    /// <param name="access">The host's access rules as the signed-in pages need them (<see cref="PortalAccess"/>).</param>
    public static IServiceCollection AddPortal(this IServiceCollection services, PortalAccess access)
    {
        services.AddRazorComponents(); // server-side rendering of the pages' components; no interactivity, no circuit
        services.AddSingleton(access);
        services.AddScoped<PortalServices>();
        return services;
    }

    /// <summary>
    /// Serves <c>portal-assets/</c> of the build output at <see cref="AssetsPath"/> (before routing: a stylesheet costs no
    /// grain call, no key check). Missing files answer 404 like any unknown path.
    /// </summary>
    public static IApplicationBuilder UsePortalAssets(this IApplicationBuilder app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "portal-assets");
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"The portal's assets are missing from {folder}: build src/RegionalGoodWork.Portal (it runs npm ci).");
        }

        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(folder),
            RequestPath = AssetsPath,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
    }

    /// <summary>
    /// Maps every page. Pages are not part of the HTTP API: they stay out of the OpenAPI document. Returns the group of
    /// pages that show an employer's private data (the employer's page), for the host to add its conventions (the
    /// audit of reads).
    /// </summary>
    public static RouteGroupBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription();
        pages.MapRegionPages();
        pages.MapCharterPages();
        pages.MapCharterMembersPage();
        var employerPages = app.MapGroup("").ExcludeFromDescription();
        employerPages.MapEmployerPages();
        return employerPages;
    }
}
