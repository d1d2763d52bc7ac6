using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using RegionalGoodWork.Access.Contracts;

namespace RegionalGoodWork.Portal;

/// <summary>
/// What the portal needs from the host's access rules, handed over by the host (<see cref="PortalModule.AddPortal"/>): how
/// to read the caller from a principal, and the names of the authorization policies the signed-in pages use. The rules
/// themselves stay in one place, the host's <c>Access/</c> (the same policies as the API's routes); the portal only
/// names them and shows their answer as a page.
/// </summary>
/// <param name="CallerOf">The signed-in caller (a session or a key), null when anonymous.</param>
/// <param name="EmployerCase">Reading an employer's locker: the employer, an officer of a charter it is an active member of, an admin (route value <c>employerId</c>).</param>
/// <param name="EmployerLocker">Running an employer's locker (its evidence requests, submitting): the employer or an admin (route value <c>employerId</c>).</param>
/// <param name="CharterSteward">Running a charter: its officers, its owner region's operator, an admin (route value <c>charterId</c>).</param>
public sealed record PortalAccess(Func<ClaimsPrincipal, Caller?> CallerOf, string EmployerCase, string EmployerLocker, string CharterSteward)
{
    /// <summary>Whether the request's caller passes <paramref name="policy"/> for the resource its route values name.</summary>
    public async Task<bool> AllowsAsync(IAuthorizationService authorization, HttpContext http, string policy)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        ArgumentNullException.ThrowIfNull(http);
        return (await authorization.AuthorizeAsync(http.User, http, policy)).Succeeded;
    }
}
