using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Host.Api;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Access;

/// <summary>
/// The platform's feature flags (Microsoft.FeatureManagement, defined under <c>FeatureManagement</c> in configuration),
/// named <c>&lt;Module&gt;.&lt;Flag&gt;</c>. Each is read by a route's <see cref="FeatureGate"/>; targeted by the caller's
/// regions and councils (<see cref="CallerTargeting"/>).
/// </summary>
internal static class FeatureFlags
{
    /// <summary>A charter officer adds officer-verified evidence to a member's locker (<c>POST /employers/{id}/evidence</c>).</summary>
    public const string OfficerVerifiedEvidence = "Employers.OfficerVerifiedEvidence";

    /// <summary>Officers of charters under officer review list and decide their applications (<c>/charters/{id}/applications…</c>).</summary>
    public const string OfficerReview = "Charters.OfficerReview";

    /// <summary>Partners push the evidence they verify (<c>POST /partners/{partnerId}/evidence</c>).</summary>
    public const string PartnerEvidenceApi = "Partners.EvidenceApi";

    /// <summary>
    /// A charter version published with a grace period (<c>POST /charters/{id}/publish</c> <c>{gracePeriodDays}</c>) lets the
    /// existing members keep their version that long after its date: read at publish for the charter's owner region.
    /// </summary>
    public const string VersionGracePeriod = "Charters.VersionGracePeriod";

    /// <summary>A connector's sync may be started (<c>POST /connectors/{connectorId}/sync</c>): one flag per connector id.</summary>
    public static string Connector(string connectorId) => $"Connectors.{connectorId}";

    public static IServiceCollection AddPlatformFeatures(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddFeatureManagement().WithTargeting<CallerTargeting>();
        return services;
    }

    /// <summary>
    /// The route answers only while <paramref name="flag"/> is on for the caller — for every caller, or only for those of
    /// <paramref name="role"/>; otherwise <paramref name="whenOff"/> (403 or 404) problem+json, before its body is read.
    /// </summary>
    public static TBuilder RequireFeature<TBuilder>(this TBuilder builder, string flag, string? role = null, ProblemKind whenOff = ProblemKind.Forbidden)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new FeatureGate(flag, role, whenOff));
}

/// <summary>A route's flag (endpoint metadata, see <see cref="FeatureFlags.RequireFeature{TBuilder}"/>).</summary>
internal sealed record FeatureGate(string Flag, string? Role, ProblemKind WhenOff);

/// <summary>
/// Runs after authorization and before the body is looked at (and before an <c>Idempotency-Key</c> is taken): a route
/// whose flag is off for the caller answers 403 or 404 problem+json, and nothing runs behind it.
/// </summary>
internal sealed class FeatureGateMiddleware(RequestDelegate next, IFeatureManager features)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<FeatureGate>() is { } gate
            && (gate.Role is null || CallerClaims.From(context.User)?.Role == gate.Role)
            && !await features.IsEnabledAsync(gate.Flag))
        {
            var audience = gate.Role is null ? "this caller" : "your region";
            await new Problem(gate.WhenOff, $"Not switched on for {audience}",
                    $"{context.Request.Method} {context.Request.Path} is behind the feature flag {gate.Flag}, which is not switched on for {audience}. Nothing was stored.")
                .ToProblem().ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}

/// <summary>
/// The one targeting context: the caller. Its user id is the key id; its groups are where it belongs — a region
/// operator <c>region:&lt;code&gt;</c> and <c>council:&lt;gss&gt;</c> for each council of its region; a charter officer
/// <c>region:&lt;owner&gt;</c> for the owner region of each of its charters; an employer <c>council:&lt;gss&gt;</c> for each
/// of its sites' councils and <c>region:&lt;code&gt;</c> for each of their regions; a partner <c>partner:&lt;id&gt;</c>; an
/// admin or an anonymous caller none (they see the flags' untargeted values). Read from the Places, Charters and
/// Employers grains once per request.
/// </summary>
internal sealed class CallerTargeting(IHttpContextAccessor http, IGrainFactory grains) : ITargetingContextAccessor
{
    private static readonly object CacheKey = new();

    public async ValueTask<TargetingContext> GetContextAsync()
    {
        if (http.HttpContext is not { } context)
        {
            return new TargetingContext();
        }

        if (context.Items.TryGetValue(CacheKey, out var cached) && cached is TargetingContext known)
        {
            return known;
        }

        var caller = CallerClaims.From(context.User);
        var targeting = new TargetingContext
        {
            UserId = caller?.KeyId,
            Groups = caller is null ? [] : await GroupsAsync(caller, grains),
        };
        context.Items[CacheKey] = targeting;
        return targeting;
    }

    /// <summary>The groups a caller belongs to, sorted.</summary>
    public static async Task<IReadOnlyList<string>> GroupsAsync(Caller caller, IGrainFactory grains)
    {
        var groups = new SortedSet<string>(StringComparer.Ordinal);
        switch (caller)
        {
            case { Role: Roles.RegionOperator, Scope.RegionCode: { } region }:
                groups.Add(Region(region));
                if ((await grains.GetRegion(region).GetAsync()).Value is { } view)
                {
                    groups.UnionWith(view.LocalAuthorities.Select(la => Council(la.Code)));
                }

                break;
            case { Role: Roles.CharterOfficer, Scope.CharterIds: { } charters }:
                var owners = await Task.WhenAll(charters.Where(Ids.IsSlug).Select(c => CharterOwnerRule.OwnerAsync(grains, c)));
                groups.UnionWith(owners.OfType<string>().Select(Region));
                break;
            case { Role: Roles.Employer, Scope.EmployerId: { } employer } when EmployerIds.IsValid(EmployerIds.Normalize(employer)):
                var councils = (await grains.GetEmployer(EmployerIds.Normalize(employer)).GetProfileAsync()).Value?.Sites
                    .Select(s => s.LocalAuthority).Where(Ids.IsGssCode).Distinct(StringComparer.Ordinal).ToList() ?? [];
                groups.UnionWith(councils.Select(Council));
                var regions = await Task.WhenAll(councils.Select(async c => (await grains.GetLocalAuthority(c).GetAsync()).Value?.RegionCode));
                groups.UnionWith(regions.OfType<string>().Select(Region));
                break;
            case { Role: Roles.Partner, Scope.PartnerId: { } partner }:
                groups.Add($"partner:{partner}");
                break;
        }

        return [.. groups];
    }

    private static string Region(string code) => $"region:{code}";

    private static string Council(string code) => $"council:{code}";
}
