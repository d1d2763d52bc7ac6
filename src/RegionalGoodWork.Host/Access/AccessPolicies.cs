using RegionalGoodWork.Access.Contracts;

namespace RegionalGoodWork.Host.Access;

/// <summary>The authorization policies, in one place, and how routes name them.</summary>
internal static class AccessPolicies
{
    /// <summary>The platform's administrators only.</summary>
    public const string Admin = "admin";

    /// <summary>An employer's locker: an admin, or that employer's own key (<see cref="EmployerLockerHandler"/>).</summary>
    public const string EmployerLocker = "employer-locker";

    /// <summary>
    /// Reading an employer's locker and adding evidence to it: as <see cref="EmployerLocker"/>, and an officer of a charter
    /// the employer is a member of (<see cref="EmployerLockerHandler"/>).
    /// </summary>
    public const string EmployerCase = "employer-case";

    /// <summary>Pushing as a partner: an admin, or that partner's key (<see cref="PartnerSelfHandler"/>).</summary>
    public const string PartnerSelf = "partner-self";

    /// <summary>A charter's drafts and publishing: an admin, or an officer of that charter (<see cref="CharterStewardHandler"/>).</summary>
    public const string CharterSteward = "charter-steward";

    /// <summary>A region and its councils: an admin, or that region's operator (<see cref="RegionStewardHandler"/>).</summary>
    public const string RegionSteward = "region-steward";

    /// <summary>Importing official figures: an admin, or a region operator (for its own region's areas, checked by the import).</summary>
    public const string OfficialData = "official-data";

    /// <summary>Importing employers from a spreadsheet: an admin, or a region operator (sites in its own region's councils only, checked per employer by the import).</summary>
    public const string EmployerImport = "employer-import";

    /// <summary>Reading a resource's audit trail: an admin, or those the resource is theirs to watch (<see cref="AuditReaderHandler"/>).</summary>
    public const string AuditReader = "audit-reader";

    /// <summary>Reading connectors' status and runs: an admin, or a region operator (the data flowing into its employers' lockers).</summary>
    public const string ConnectorReader = "connector-reader";

    public static IServiceCollection AddPlatformAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(new AdminKey(configuration["Auth:AdminApiKey"]));
        services.AddAuthentication(Sessions.PlatformScheme)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPlatformSessions(configuration);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, EmployerLockerHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, CharterStewardHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, RegionStewardHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, PartnerSelfHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, AuditReaderHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin))
            .AddPolicy(OfficialData, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.RegionOperator))
            .AddPolicy(EmployerImport, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.RegionOperator))
            .AddPolicy(ConnectorReader, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin, Roles.RegionOperator))
            .AddPolicy(EmployerLocker, p => p.RequireAuthenticatedUser().AddRequirements(new EmployerLockerRequirement(Officers: false)))
            .AddPolicy(EmployerCase, p => p.RequireAuthenticatedUser().AddRequirements(new EmployerLockerRequirement(Officers: true)))
            .AddPolicy(AuditReader, p => p.RequireAuthenticatedUser().AddRequirements(new AuditReaderRequirement()))
            .AddPolicy(PartnerSelf, p => p.RequireAuthenticatedUser().AddRequirements(new PartnerSelfRequirement()))
            .AddPolicy(CharterSteward, p => p.RequireAuthenticatedUser().AddRequirements(new CharterStewardRequirement()))
            .AddPolicy(RegionSteward, p => p.RequireAuthenticatedUser().AddRequirements(new RegionStewardRequirement()));
        return services;
    }

    /// <summary>The route needs an admin key (401 without a known key, 403 with another role's), checked before the body is read.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Admin);
}
