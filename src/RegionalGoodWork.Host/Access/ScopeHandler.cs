using Microsoft.AspNetCore.Authorization;
using RegionalGoodWork.Access.Contracts;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// The one shape of the platform's resource-based rules: an admin passes; any other authenticated caller passes when
/// <see cref="AllowsAsync"/> finds that its scope reaches the resource the route names (its route values). A caller
/// that does not pass is refused 403 by the scheme (<see cref="ApiKeyAuthenticationHandler"/>).
/// </summary>
internal abstract class ScopeHandler<TRequirement> : AuthorizationHandler<TRequirement>
    where TRequirement : IAuthorizationRequirement
{
    protected sealed override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TRequirement requirement)
    {
        if (CallerClaims.From(context.User) is { } caller && context.Resource is HttpContext http
            && (caller.Role == Roles.Admin || await AllowsAsync(caller, http, requirement)))
        {
            context.Succeed(requirement);
        }
    }

    /// <summary>Whether a caller other than an admin may use the route's resource.</summary>
    protected abstract ValueTask<bool> AllowsAsync(Caller caller, HttpContext http, TRequirement requirement);
}
