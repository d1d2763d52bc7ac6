using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// Who may invite whom with a sign-in link (<c>POST /sign-in-links</c>): an admin, anyone; a region operator, another
/// operator of its region, an officer of charters its region owns, an employer with a site in its region; a charter
/// officer, an officer of (some of) its own charters, an employer that is an active member of one of them; an employer, a
/// colleague at the same employer. A partner invites no one. Nobody but an admin invites an admin.
/// </summary>
internal static class InviteRule
{
    public static async Task<Problem?> CheckAsync(Caller caller, string role, AccessScope scope, IGrainFactory grains)
    {
        var allowed = caller switch
        {
            { Role: Roles.Admin } => true,
            { Role: Roles.RegionOperator, Scope.RegionCode: { } region } => role switch
            {
                Roles.RegionOperator => scope.RegionCode == region,
                Roles.CharterOfficer => scope.CharterIds is { Count: > 0 } charters
                    && (await Task.WhenAll(charters.Select(c => Ids.IsSlug(c) ? CharterOwnerRule.OwnerAsync(grains, c) : Task.FromResult<string?>(null)))).All(o => o == region),
                Roles.Employer => scope.EmployerId is { } employer && await EmployerSites.HasSiteInAsync(grains, employer, region),
                _ => false,
            },
            { Role: Roles.CharterOfficer, Scope.CharterIds: { } own } => role switch
            {
                Roles.CharterOfficer => scope.CharterIds is { Count: > 0 } charters && charters.All(c => own.Contains(c, StringComparer.Ordinal)),
                Roles.Employer => scope.EmployerId is { } employer && await EmployerLockerHandler.OfficerCaseAsync(grains, employer, own),
                _ => false,
            },
            { Role: Roles.Employer, Scope.EmployerId: { } own } => role == Roles.Employer && scope.EmployerId == own,
            _ => false,
        };

        return allowed
            ? null
            : new Problem(ProblemKind.Forbidden, "Outside this key's scope",
                $"A caller of role {caller.Role} may not invite a {role} with that scope. Nothing was issued.");
    }
}
