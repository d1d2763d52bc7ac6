namespace RegionalGoodWork.Host.Api;

internal static class TaxonomyApi
{
    public static RouteGroupBuilder MapTaxonomyApi(this RouteGroupBuilder v1)
    {
        return v1;
    }
}
