using Microsoft.AspNetCore.Authorization;
using RegionalGoodWork.Access.Contracts;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// Who may run a charter — draft it, read its draft, publish it (routes under <c>/charters/{charterId}</c> that change or
/// show unpublished work): an admin, or a key of role <c>charter-officer</c> whose scope lists that charter. Everyone
/// else is refused 403; published charters stay public. (A region operator's rule for the charters its region owns
/// needs the owner, read from the charter: still to come.)
/// </summary>
internal sealed class CharterStewardRequirement : IAuthorizationRequirement;

internal sealed class CharterStewardHandler : ScopeHandler<CharterStewardRequirement>
{
    protected override ValueTask<bool> AllowsAsync(Caller caller, HttpContext http) =>
        ValueTask.FromResult(caller.Role == Roles.CharterOfficer && http.GetRouteValue("charterId") is string charterId &&
            caller.Scope.CharterIds?.Contains(charterId, StringComparer.Ordinal) == true);
}
