using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Employers.Assessment;

/// <summary>
/// The wage rates as this silo last read them from the wage-rates grain (refreshed when older than
/// <see cref="MaxAge"/>, or on demand), and the area each council's staff are paid for: Greater London
/// (<see cref="GreaterLondon"/>, the region of the London boroughs) takes the London rate, every other council the UK rate.
/// </summary>
internal sealed class WageRateCache(IGrainFactory grains)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>The Greater London Authority: councils in this region take a scheme's London rate.</summary>
    public const string GreaterLondon = "E61000001";

    private Entry? entry;

    public async Task<WageRateTable> GetAsync(bool fresh = false)
    {
        var held = Volatile.Read(ref entry);
        if (!fresh && held is not null && Environment.TickCount64 - held.FetchedAt < MaxAge.TotalMilliseconds)
        {
            return held.Table;
        }

        var table = await grains.GetWageRates().GetTableAsync();
        Volatile.Write(ref entry, new Entry(table, Environment.TickCount64));
        return table;
    }

    /// <summary>
    /// The area of each council in <paramref name="localAuthorities"/>, each area once: the council's region asked of
    /// Places (a council that cannot be read counts as outside London, the UK rate).
    /// </summary>
    public async Task<IReadOnlyList<WageArea>> AreasAsync(IEnumerable<string> localAuthorities)
    {
        var areas = await Task.WhenAll(localAuthorities.Distinct(StringComparer.Ordinal).Select(async code =>
        {
            var council = await grains.GetLocalAuthority(code).GetAsync();
            return council.Value?.RegionCode == GreaterLondon ? WageArea.London : WageArea.Uk;
        }));
        return areas.Distinct().Order().ToList();
    }

    private sealed record Entry(WageRateTable Table, long FetchedAt);
}
