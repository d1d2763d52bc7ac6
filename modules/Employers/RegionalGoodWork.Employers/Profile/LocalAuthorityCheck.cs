using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers.Profile;

/// <summary>Asks Places whether every site's council exists (all at once, each code once).</summary>
internal static class LocalAuthorityCheck
{
    public static async Task CheckAsync(IGrainFactory grains, DefineEmployer command, ValidationErrors errors)
    {
        if (command.Sites is not { Count: > 0 and <= ProfileRules.MaxSites })
        {
            return; // none to check, or too many: ProfileRules refuses the list before anything is asked of Places
        }

        var codes = command.Sites
            .Select((s, i) => (Index: i, Code: ProfileRules.NormalizeLocalAuthority(s?.LocalAuthority)))
            .Where(x => Ids.IsGssCode(x.Code))
            .ToList();
        var known = await Task.WhenAll(codes.Select(c => c.Code!).Distinct(StringComparer.Ordinal)
            .Select(async code => (Code: code, Known: await grains.IsKnownLocalAuthorityAsync(code))));
        var unknown = known.Where(k => !k.Known).Select(k => k.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var (index, code) in codes.Where(c => unknown.Contains(c.Code!)))
        {
            errors.Add($"sites[{index}].localAuthority", $"Unknown council '{code}' (see GET /api/v1/local-authorities/{{gss}}).");
        }
    }
}
