using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Places.Geography;

internal enum AreaKind
{
    LocalAuthority,
    Region,

    /// <summary>A real area code the platform does not serve: skipped on import, with the reason.</summary>
    NotOnPlatform,

    /// <summary>Malformed, or absent from every list the platform knows: an error.</summary>
    Unknown,
}

internal readonly record struct AreaClass(AreaKind Kind, string? Reason = null);

/// <summary>
/// Tells where an area code of an official-statistics file belongs: a council or region on the platform, a real
/// area the platform does not serve (counties, former council codes, English regions, England and the UK, combined authorities
/// not defined here), or an unknown code.
/// </summary>
internal sealed class AreaClassifier(IReadOnlySet<string> localAuthorities, IReadOnlySet<string> regions, IReadOnlyDictionary<string, OtherArea> otherAreas)
{
    /// <summary>GSS entity codes of statistical geographies above council level (ONS Register of Geographic Codes).</summary>
    private static readonly Dictionary<string, string> HigherGeographies = new(StringComparer.Ordinal)
    {
        ["E10"] = "a county council area",
        ["E11"] = "a metropolitan county",
        ["E12"] = "an English region",
        ["E13"] = "Inner or Outer London",
        ["E47"] = "a combined authority that is not a region on the platform (PUT /api/v1/regions/{code} to keep its figures)",
        ["E61"] = "the Greater London Authority area, not defined as a region on the platform",
        ["E92"] = "a country",
        ["W92"] = "a country not defined as a region on the platform (PUT /api/v1/regions/{code} to keep its figures)",
        ["S92"] = "a country not defined as a region on the platform (PUT /api/v1/regions/{code} to keep its figures)",
        ["N92"] = "a country not defined as a region on the platform (PUT /api/v1/regions/{code} to keep its figures)",
        ["K02"] = "the United Kingdom",
        ["K03"] = "Great Britain",
        ["K04"] = "England and Wales",
    };

    public AreaClass Classify(string code, string nameInFile)
    {
        if (!Ids.IsGssCode(code))
        {
            return new(AreaKind.Unknown, $"Area code '{code}' is not a GSS code (a letter and eight digits).");
        }

        if (localAuthorities.Contains(code))
        {
            return new(AreaKind.LocalAuthority);
        }

        if (regions.Contains(code))
        {
            return new(AreaKind.Region);
        }

        if (otherAreas.TryGetValue(code, out var other))
        {
            return new(AreaKind.NotOnPlatform, $"{code} ({other.Name}): {other.Kind}, not a council or region on the platform.");
        }

        if (HigherGeographies.TryGetValue(code[..3], out var kind))
        {
            return new(AreaKind.NotOnPlatform, $"{code} ({nameInFile}) is {kind.Replace("{code}", code, StringComparison.Ordinal)}.");
        }

        return new(AreaKind.Unknown, $"Unknown area code {code} ({nameInFile}): not a council or region on the platform, nor any UK area code the platform knows.");
    }
}
