using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Places.Contracts;

/// <summary>The one place that knows how Places grains are keyed.</summary>
public static class PlaceGrainKeys
{
    public static ILocalAuthorityGrain GetLocalAuthority(this IGrainFactory grains, string gssCode)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<ILocalAuthorityGrain>(gssCode);
    }

    public static IRegionGrain GetRegion(this IGrainFactory grains, string regionCode)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IRegionGrain>(regionCode);
    }

    /// <summary>The list of the platform's regions (one grain: read by a page, never per request of the API or an employer).</summary>
    public static IRegionListGrain GetRegionList(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IRegionListGrain>(IRegionListGrain.Key);
    }

    public static IOfficialIndicatorImportGrain GetOfficialIndicatorImport(this IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IOfficialIndicatorImportGrain>(0);
    }

    /// <summary>An employer as the source of its own contributions (the employer grain, keyed by its normalized id).</summary>
    public static IEmployerContributionSource GetEmployerContributionSource(this IGrainFactory grains, string employerId)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IEmployerContributionSource>(employerId);
    }

    /// <summary>
    /// "Is this a known council code?" — a well-formed GSS code of a council defined on the platform (shipped or
    /// added through the API). One call to that council's own grain: no shared hot spot.
    /// </summary>
    public static async Task<bool> IsKnownLocalAuthorityAsync(this IGrainFactory grains, string? gssCode) =>
        Ids.IsGssCode(gssCode) && await grains.GetLocalAuthority(gssCode!).IsDefinedAsync();
}
