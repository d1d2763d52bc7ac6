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

internal sealed class CharterStewardHandler : AuthorizationHandler<CharterStewardRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CharterStewardRequirement requirement)
    {
        var caller = CallerClaims.From(context.User);
        var charterId = (context.Resource as HttpContext)?.GetRouteValue("charterId") as string;
        if (caller is not null && charterId is not null && (caller.Role == Roles.Admin ||
            (caller.Role == Roles.CharterOfficer && caller.Scope.CharterIds?.Contains(charterId, StringComparer.Ordinal) == true)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
