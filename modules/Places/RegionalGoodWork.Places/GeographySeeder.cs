using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using RegionalGoodWork.Places.Geography;
using RegionalGoodWork.Places.Grains;

namespace RegionalGoodWork.Places;

/// <summary>
/// Loads the shipped councils and regions at silo start (<c>Modules:Places:SeedGeography</c>). Idempotent: a
/// council or region already defined (shipped earlier or changed through the API) is left as it is, and once a
/// version of the file is seeded a restart costs one read.
/// </summary>
internal sealed class GeographySeeder(IGrainFactory grains, IOptions<PlacesOptions> options, ILogger<GeographySeeder> logger) : IStartupTask
{
    private const int Batch = 32;

    public async Task Execute(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedGeography)
        {
            return;
        }

        var geography = ShippedGeography.Shipped;
        try
        {
            var directory = grains.GetPlacesDirectory();
            if (await directory.GetSeededVersionAsync() == geography.Version)
            {
                logger.GeographyAlreadySeeded(geography.Version);
                return;
            }

            foreach (var chunk in geography.LocalAuthorities.Chunk(Batch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.WhenAll(chunk.Select(c => grains.GetLocalAuthorityRollup(c.Code).SeedAsync(c.Name)));
            }

            // Regions have disjoint councils, so they can be seeded side by side.
            await Task.WhenAll(geography.Regions.Select(r => grains.GetRegionRollup(r.Code).SeedAsync(r.Name, r.LocalAuthorities)));
            await directory.CompleteSeedAsync(geography.Version, [.. geography.LocalAuthorities.Select(c => c.Code)], [.. geography.Regions.Select(r => r.Code)]);
            logger.GeographySeeded(geography.Version, geography.LocalAuthorities.Count, geography.Regions.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The platform still serves everything else; the next start tries again.
            logger.GeographySeedFailed(ex);
        }
    }
}
