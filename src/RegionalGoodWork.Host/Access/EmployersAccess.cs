using Microsoft.AspNetCore.Authorization;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// Who may use an employer's locker (routes under <c>/employers/{employerId}</c>): an admin, or a key of role
/// <c>employer</c> whose scope names that employer. Every other caller — another employer's key, an officer, a partner —
/// is refused 403 (officers' reads of their members' evidence come with their own rule). The resource is the route's
/// <c>employerId</c>, compared as the module normalizes it.
/// </summary>
internal sealed class EmployerLockerRequirement : IAuthorizationRequirement;

internal sealed class EmployerLockerHandler : ScopeHandler<EmployerLockerRequirement>
{
    protected override ValueTask<bool> AllowsAsync(Caller caller, HttpContext http) =>
        ValueTask.FromResult(caller.Role == Roles.Employer && caller.Scope.EmployerId is { } own &&
            http.GetRouteValue("employerId") is string employerId && EmployerIds.Normalize(own) == EmployerIds.Normalize(employerId));
}

/// <summary>The evidence source follows the caller, never the body (api.md, Access).</summary>
internal static class EvidenceSourceRule
{
    /// <summary>
    /// What a caller's items are recorded as and whether it may name another: an admin may state any source (default
    /// self-declared); an employer's own items are self-declared.
    /// </summary>
    public static (EvidenceSource Default, bool MayChoose) For(Caller caller) => (EvidenceSource.SelfDeclared, caller.Role == Roles.Admin);
}
