namespace RegionalGoodWork.Access.Contracts;

/// <summary>The roles a caller may hold (api.md, Access), each with the scope it needs.</summary>
public static class Roles
{
    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    /// <summary>Its region (<see cref="AccessScope.RegionCode"/>): its councils, the charters it owns, official data.</summary>
    public const string RegionOperator = "region-operator";

    /// <summary>Its charters (<see cref="AccessScope.CharterIds"/>): drafts, publishing, applications, members' evidence.</summary>
    public const string CharterOfficer = "charter-officer";

    /// <summary>That employer only (<see cref="AccessScope.EmployerId"/>).</summary>
    public const string Employer = "employer";

    /// <summary>Pushes the kinds it is trusted to verify (<see cref="AccessScope.PartnerId"/>).</summary>
    public const string Partner = "partner";

    public static readonly IReadOnlyList<string> All = [Admin, RegionOperator, CharterOfficer, Employer, Partner];
}

/// <summary>What a role reaches: the one field its role names is set, the others are null.</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.scope")]
public sealed record AccessScope(
    [property: Id(0)] string? RegionCode = null,
    [property: Id(1)] IReadOnlyList<string>? CharterIds = null,
    [property: Id(2)] string? EmployerId = null,
    [property: Id(3)] string? PartnerId = null)
{
    public static readonly AccessScope None = new();
}

/// <summary>Who is calling: the key (or the configured admin key, id <c>admin</c>), its role and scope.</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.caller")]
public sealed record Caller([property: Id(0)] string KeyId, [property: Id(1)] string Role, [property: Id(2)] AccessScope Scope);
