using Microsoft.AspNetCore.Authorization;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// Who may define a region or one of its councils: an admin, or a key of role <c>region-operator</c> for that region —
/// the route's <c>regionCode</c>, or, for <c>/local-authorities/{gss}</c>, the region the council belongs to now (a
/// council no region holds, or a new one, is the admin's). Where a council's body names a region, the route checks it
/// is the operator's too (<see cref="RegionOperatorRule"/>). Everyone else is refused 403.
/// </summary>
internal sealed class RegionStewardRequirement : IAuthorizationRequirement;

internal sealed class RegionStewardHandler(IGrainFactory grains) : ScopeHandler<RegionStewardRequirement>
{
    protected override async ValueTask<bool> AllowsAsync(Caller caller, HttpContext http, RegionStewardRequirement requirement)
    {
        if (caller is not { Role: Roles.RegionOperator, Scope.RegionCode: { } own })
        {
            return false;
        }

        var region = http.GetRouteValue("regionCode") as string;
        if (region is null && http.GetRouteValue("gss") is string gss && Ids.IsGssCode(gss))
        {
            region = (await grains.GetLocalAuthority(gss).GetAsync()).Value?.RegionCode;
        }

        return region == own;
    }
}

/// <summary>
/// A region operator keeps to its region: a council's body moving it elsewhere (or out) is refused, and a region's list
/// may take only councils already in the region or in none — never another region's.
/// </summary>
internal static class RegionOperatorRule
{
    public static async Task<Problem?> TakeAsync(Caller caller, IReadOnlyList<string>? localAuthorities, IGrainFactory grains)
    {
        if (caller.Role != Roles.RegionOperator || localAuthorities is null || localAuthorities.Count > 500)
        {
            return null; // the region checks the list itself (shape, size, unknown councils)
        }

        var held = await Task.WhenAll(localAuthorities.Where(Ids.IsGssCode).Distinct(StringComparer.Ordinal)
            .Select(async code => (code, (await grains.GetLocalAuthority(code).GetAsync()).Value?.RegionCode)));
        var others = held.Where(h => h.RegionCode is { } r && r != caller.Scope.RegionCode).Select(h => $"{h.code} ({h.RegionCode})").ToList();
        return others.Count == 0
            ? null
            : new Problem(ProblemKind.Forbidden, "Outside this key's scope",
                $"A region operator of {caller.Scope.RegionCode} may not take councils of another region: {string.Join(", ", others)}. Nothing was changed.");
    }

    public static Problem? Move(Caller caller, string? regionCode) =>
        caller.Role == Roles.RegionOperator && regionCode != caller.Scope.RegionCode
            ? new Problem(ProblemKind.Forbidden, "Outside this key's scope",
                $"A region operator of {caller.Scope.RegionCode} keeps its councils in {caller.Scope.RegionCode}; send \"regionCode\": \"{caller.Scope.RegionCode}\". Nothing was changed.")
            : null;
}
