namespace RegionalGoodWork.Places.Grains;

/// <summary>How the module-internal faces of Places grains are keyed (the public ones: <c>PlaceGrainKeys</c>).</summary>
internal static class PlacesInternalGrainKeys
{
    public static ILocalAuthorityRollupGrain GetLocalAuthorityRollup(this IGrainFactory grains, string gssCode) => grains.GetGrain<ILocalAuthorityRollupGrain>(gssCode);

    public static IRegionRollupGrain GetRegionRollup(this IGrainFactory grains, string regionCode) => grains.GetGrain<IRegionRollupGrain>(regionCode);

    public static IIndicatorYearEndGrain GetIndicatorYearEnd(this IGrainFactory grains) => grains.GetGrain<IIndicatorYearEndGrain>(IIndicatorYearEndGrain.Key);

    public static IPlacesDirectoryGrain GetPlacesDirectory(this IGrainFactory grains) => grains.GetGrain<IPlacesDirectoryGrain>(IPlacesDirectoryGrain.Key);
}
