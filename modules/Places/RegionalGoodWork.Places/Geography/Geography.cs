using System.Security.Cryptography;
using System.Text.Json;
using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Places.Geography;

/// <summary>A region of the shipped geography and its councils.</summary>
internal sealed record ShippedRegion(string Code, string Name, IReadOnlyList<string> LocalAuthorities);

/// <summary>A UK council code the platform knows of but does not serve (county councils, combined authorities not shipped as regions, former codes).</summary>
internal sealed record OtherArea(string Code, string Name, string Kind);

/// <summary>
/// The councils and regions the platform ships (Data/geography.json, derived by tools/derive-geography.py from mySociety
/// data, CC BY 4.0 — see <see cref="Attribution"/>): every current council of the UK; as regions England's combined
/// authorities and Greater London, and Scotland, Wales and Northern Ireland each under its ONS country code.
/// </summary>
internal sealed class ShippedGeography
{
    public const string ResourceName = "RegionalGoodWork.Places.Data.geography.json";

    private static readonly Lazy<ShippedGeography> Embedded = new(() => Load(typeof(ShippedGeography).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.")));

    private ShippedGeography(string attribution, string version, IReadOnlyList<PlaceRef> localAuthorities, IReadOnlyList<ShippedRegion> regions, IReadOnlyDictionary<string, OtherArea> otherAreas)
    {
        Attribution = attribution;
        Version = version;
        LocalAuthorities = localAuthorities;
        Regions = regions;
        OtherAreas = otherAreas;
    }

    public static ShippedGeography Shipped => Embedded.Value;

    /// <summary>The licence attribution the source asks for (CC BY 4.0, mySociety).</summary>
    public string Attribution { get; }

    /// <summary>A hash of the file: the seed runs again only when the shipped file changes.</summary>
    public string Version { get; }

    public IReadOnlyList<PlaceRef> LocalAuthorities { get; }

    public IReadOnlyList<ShippedRegion> Regions { get; }

    public IReadOnlyDictionary<string, OtherArea> OtherAreas { get; }

    public static ShippedGeography Load(Stream json)
    {
        using var buffer = new MemoryStream();
        json.CopyTo(buffer);
        var bytes = buffer.ToArray();
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        var localAuthorities = root.GetProperty("councils").EnumerateArray()
            .Select(c => new PlaceRef(c.GetProperty("code").GetString()!, c.GetProperty("name").GetString()!)).ToList();
        var regions = root.GetProperty("regions").EnumerateArray()
            .Select(r => new ShippedRegion(r.GetProperty("code").GetString()!, r.GetProperty("name").GetString()!,
                r.GetProperty("councils").EnumerateArray().Select(c => c.GetString()!).ToList())).ToList();
        var other = root.GetProperty("otherAreas").EnumerateArray()
            .Select(o => new OtherArea(o.GetProperty("code").GetString()!, o.GetProperty("name").GetString()!, o.GetProperty("kind").GetString()!))
            .ToDictionary(o => o.Code, StringComparer.Ordinal);
        var version = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        return new ShippedGeography(root.GetProperty("attribution").GetString()!, version, localAuthorities, regions, other);
    }
}
