using Microsoft.AspNetCore.Authorization;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// Who may use an employer's locker (routes under <c>/employers/{employerId}</c>): an admin, or a key of role
/// <c>employer</c> whose scope names that employer (compared as the module normalizes ids). Where the requirement lets
/// <see cref="EmployerLockerRequirement.Officers"/> in — reading the locker and adding evidence — so may an officer of a
/// charter the employer is an active member of now (a withdrawn member's locker is closed to them again). Every other
/// caller — another employer's key, an officer of other charters, a partner — is refused 403.
/// </summary>
internal sealed record EmployerLockerRequirement(bool Officers) : IAuthorizationRequirement;

internal sealed class EmployerLockerHandler(IGrainFactory grains) : ScopeHandler<EmployerLockerRequirement>
{
    protected override async ValueTask<bool> AllowsAsync(Caller caller, HttpContext http, EmployerLockerRequirement requirement)
    {
        if (http.GetRouteValue("employerId") is not string employerId)
        {
            return false;
        }

        var id = EmployerIds.Normalize(employerId);
        return caller switch
        {
            { Role: Roles.Employer, Scope.EmployerId: { } own } => EmployerIds.Normalize(own) == id,
            { Role: Roles.CharterOfficer, Scope.CharterIds: { } charters } when requirement.Officers && EmployerIds.IsValid(id) =>
                await OfficerCaseAsync(grains, id, charters),
            _ => false,
        };
    }

    /// <summary>Whether the employer is an active member of one of the officer's charters.</summary>
    public static async Task<bool> OfficerCaseAsync(IGrainFactory grains, string employerId, IReadOnlyList<string> charters) =>
        (await grains.GetEmployer(employerId).GetMembershipsAsync()).Value is { } memberships &&
        memberships.Any(m => m.Status == MembershipStatus.Active && charters.Contains(m.CharterId, StringComparer.Ordinal));
}

/// <summary>The evidence source follows the caller, never the body (api.md, Access).</summary>
internal static class EvidenceSourceRule
{
    /// <summary>
    /// What a caller's items are recorded as and whether it may name another: an admin may state any source (default
    /// self-declared); an employer's own items are self-declared; an officer's, for a member of its charters,
    /// officer-verified. (A partner's come through the partner route, partner-verified.)
    /// </summary>
    public static (EvidenceSource Default, bool MayChoose) For(Caller caller) => caller.Role switch
    {
        Roles.Admin => (EvidenceSource.SelfDeclared, true),
        Roles.CharterOfficer => (EvidenceSource.OfficerVerified, false),
        _ => (EvidenceSource.SelfDeclared, false),
    };
}
