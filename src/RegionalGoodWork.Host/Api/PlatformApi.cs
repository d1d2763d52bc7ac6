namespace RegionalGoodWork.Host.Api;

/// <summary>The HTTP API v1 (../shared/api.md): one Map call per module.</summary>
internal static class PlatformApi
{
    public static WebApplication MapPlatformApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/api/v1");
        v1.MapTaxonomyApi();
        v1.MapChartersApi();
        v1.MapOfficerReviewApi();
        v1.MapCharterImpactApi();
        v1.MapPlacesApi();
        v1.MapEmployersApi();
        v1.MapEmployerImportApi();
        v1.MapPartnersApi();
        v1.MapConnectorsApi();
        v1.MapWebhooksApi();
        v1.MapAccessApi();
        v1.MapFeaturesApi();
        return app;
    }
}
