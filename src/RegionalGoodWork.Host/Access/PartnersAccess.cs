using Microsoft.AspNetCore.Authorization;
using RegionalGoodWork.Access.Contracts;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// Who may push as a partner (routes under <c>/partners/{partnerId}</c>): an admin, or a key of role <c>partner</c> whose
/// scope names that partner. Which kinds it may push is the taxonomy's (each kind's <c>verifiers</c>), checked per item.
/// </summary>
internal sealed class PartnerSelfRequirement : IAuthorizationRequirement;

internal sealed class PartnerSelfHandler : ScopeHandler<PartnerSelfRequirement>
{
    protected override ValueTask<bool> AllowsAsync(Caller caller, HttpContext http, PartnerSelfRequirement requirement) =>
        ValueTask.FromResult(caller is { Role: Roles.Partner, Scope.PartnerId: { } own } && http.GetRouteValue("partnerId") as string == own);
}
