using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// Who may run a charter — draft it, read its draft, publish it (routes under <c>/charters/{charterId}</c> that change or
/// show unpublished work): an admin; a key of role <c>charter-officer</c> whose scope lists that charter; or the operator
/// of the region that owns it (the owner of its latest published version, else of its draft; a charter that does not
/// exist yet may be started by any operator, whose draft must then name its own region, see <see cref="CharterOwnerRule"/>).
/// Everyone else is refused 403; published charters stay public.
/// </summary>
internal sealed class CharterStewardRequirement : IAuthorizationRequirement;

internal sealed class CharterStewardHandler(IGrainFactory grains) : ScopeHandler<CharterStewardRequirement>
{
    protected override async ValueTask<bool> AllowsAsync(Caller caller, HttpContext http, CharterStewardRequirement requirement)
    {
        if (http.GetRouteValue("charterId") is not string charterId)
        {
            return false;
        }

        return caller switch
        {
            { Role: Roles.CharterOfficer, Scope.CharterIds: { } charters } => charters.Contains(charterId, StringComparer.Ordinal),
            { Role: Roles.RegionOperator, Scope.RegionCode: { } region } when Ids.IsSlug(charterId) =>
                await CharterOwnerRule.OwnerAsync(grains, charterId) is not { } owner || owner == region,
            _ => false,
        };
    }
}

/// <summary>A charter belongs to its owner region: who other than an admin may say which region that is.</summary>
internal static class CharterOwnerRule
{
    /// <summary>The owner of the latest published version, else of the draft; null for a charter that does not exist yet.</summary>
    public static async Task<string?> OwnerAsync(IGrainFactory grains, string charterId)
    {
        var charter = grains.GetCharter(charterId);
        return (await charter.GetLatestAsync())?.Definition.Owner ?? (await charter.GetDraftAsync())?.Owner;
    }

    /// <summary>
    /// A draft from someone other than an admin keeps the charter's owner; a region operator's names its own region (a new
    /// charter included). Null when the draft may be saved; a 403 problem otherwise. A body without a readable owner is
    /// left to the charter's own validation.
    /// </summary>
    public static async Task<Problem?> CheckDraftAsync(Caller caller, string charterId, string json, IGrainFactory grains)
    {
        if (caller.Role == Roles.Admin || OwnerIn(json) is not { } named)
        {
            return null;
        }

        var owner = await OwnerAsync(grains, charterId);
        var allowed = caller.Role == Roles.RegionOperator ? caller.Scope.RegionCode : owner;
        return allowed is null || named == allowed && (owner is null || owner == named)
            ? null
            : new Problem(ProblemKind.Forbidden, "Outside this key's scope",
                $"The draft names owner {named}; a key of role {caller.Role} keeps '{charterId}' with {allowed}. Nothing was saved.");
    }

    private static string? OwnerIn(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object ? Api.RequestBody.Text(document.RootElement, "owner") : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
