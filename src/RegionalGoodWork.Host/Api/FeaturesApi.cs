using Microsoft.FeatureManagement;

namespace RegionalGoodWork.Host.Api;

/// <summary>The feature flags as they apply to the caller (api.md, Access; Access/FeatureFlags.cs).</summary>
internal static class FeaturesApi
{
    public static RouteGroupBuilder MapFeaturesApi(this RouteGroupBuilder v1)
    {
        // Public: an anonymous caller sees the flags' untargeted values; a keyed caller, the values for its regions and councils.
        v1.MapGet("/features", async (IFeatureManager features) =>
            {
                var flags = new SortedDictionary<string, bool>(StringComparer.Ordinal);
                await foreach (var name in features.GetFeatureNamesAsync())
                {
                    flags[name] = await features.IsEnabledAsync(name);
                }

                return Results.Ok(flags);
            })
            .WithTags("Access")
            .WithName("getFeatures")
            .WithSummary("The feature flags as they apply to the caller's region and councils")
            .Produces<IReadOnlyDictionary<string, bool>>();

        return v1;
    }
}
