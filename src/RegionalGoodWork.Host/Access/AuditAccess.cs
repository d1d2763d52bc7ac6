using Microsoft.AspNetCore.Authorization;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// Who may read a resource's audit trail (<c>GET /audit?resource=…</c>): an admin; and for
/// <list type="bullet">
/// <item>an employer (<c>/api/v1/employers/{id}</c>): that employer ("who looked at my evidence"), an officer of a charter
/// it is an active member of, the operator of a region where it has a site;</item>
/// <item>a charter: its officers and the operator of its owner region;</item>
/// <item>a region: its operator; a council: the operator of the region it is in now;</item>
/// <item>a partner: that partner.</item>
/// </list>
/// Everything else (keys, official data, a malformed resource) is the admin's. Everyone else is refused 403.
/// </summary>
internal sealed class AuditReaderRequirement : IAuthorizationRequirement;

internal sealed class AuditReaderHandler(IGrainFactory grains) : ScopeHandler<AuditReaderRequirement>
{
    protected override async ValueTask<bool> AllowsAsync(Caller caller, HttpContext http, AuditReaderRequirement requirement)
    {
        var resource = Api.AuditRecorder.ResourceOf(http.Request.Query["resource"].ToString());
        if (!AuditResources.IsValid(resource) || resource.Split('/') is not [_, _, _, var collection, var id])
        {
            return false;
        }

        return (collection, caller) switch
        {
            ("employers", { Role: Roles.Employer, Scope.EmployerId: { } own }) => EmployerIds.Normalize(own) == id,
            ("employers", { Role: Roles.CharterOfficer, Scope.CharterIds: { } charters }) => await EmployerLockerHandler.OfficerCaseAsync(grains, id, charters),
            ("employers", { Role: Roles.RegionOperator, Scope.RegionCode: { } region }) => await EmployerSites.HasSiteInAsync(grains, id, region),
            ("charters", { Role: Roles.CharterOfficer, Scope.CharterIds: { } charters }) => charters.Contains(id, StringComparer.Ordinal),
            ("charters", { Role: Roles.RegionOperator, Scope.RegionCode: { } region }) => await CharterOwnerRule.OwnerAsync(grains, id) == region,
            ("regions", { Role: Roles.RegionOperator, Scope.RegionCode: { } region }) => id == region,
            ("local-authorities", { Role: Roles.RegionOperator, Scope.RegionCode: { } region }) =>
                (await grains.GetLocalAuthority(id).GetAsync()).Value?.RegionCode == region,
            ("partners", { Role: Roles.Partner, Scope.PartnerId: { } partner }) => id == partner,
            _ => false,
        };
    }
}

/// <summary>Where an employer works: the regions of its sites' councils, as the councils say now.</summary>
internal static class EmployerSites
{
    public static async Task<bool> HasSiteInAsync(IGrainFactory grains, string employerId, string region)
    {
        if (!EmployerIds.IsValid(EmployerIds.Normalize(employerId)) || (await grains.GetEmployer(employerId).GetProfileAsync()).Value is not { } profile)
        {
            return false;
        }

        var regions = await Task.WhenAll(profile.Sites.Select(s => s.LocalAuthority).Distinct(StringComparer.Ordinal)
            .Select(async code => (await grains.GetLocalAuthority(code).GetAsync()).Value?.RegionCode));
        return regions.Contains(region, StringComparer.Ordinal);
    }
}
