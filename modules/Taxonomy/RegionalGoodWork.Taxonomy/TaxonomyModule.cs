using Microsoft.Extensions.Configuration;

namespace RegionalGoodWork.Taxonomy;

/// <summary>Registers the Taxonomy module in a silo. The one public type of the module.</summary>
public static class TaxonomyModule
{
    public static ISiloBuilder AddTaxonomyModule(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Fail at start, not at the first request, if the shipped catalogue file is broken.
        _ = StandardCatalogue.Value;
        _ = WageRates.ShippedWageRates.Value;
        return silo;
    }
}
