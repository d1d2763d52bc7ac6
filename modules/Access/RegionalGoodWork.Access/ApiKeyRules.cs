using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Access;

/// <summary>What makes a key request valid: a name, a known role, exactly the scope that role needs, a future expiry.</summary>
internal static class ApiKeyRules
{
    public const int MaxCharters = 50;

    public static ValidationErrors Validate(IssueApiKey command, DateTimeOffset now)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(command.Name) || command.Name.Trim().Length > 100)
        {
            errors.Add("name", "A name of 1 to 100 characters is required (who or what uses the key).");
        }

        if (command.ExpiresAt is { } expires && expires <= now)
        {
            errors.Add("expiresAt", "The expiry must be in the future.");
        }

        var scope = command.Scope;
        switch (command.Role)
        {
            case Roles.Admin:
                Expect(errors, scope, regionCode: false, charters: false, employer: false, partner: false);
                break;
            case Roles.RegionOperator:
                Expect(errors, scope, regionCode: true, charters: false, employer: false, partner: false);
                if (scope.RegionCode is { } region && !Ids.IsGssCode(region))
                {
                    errors.Add("scope.regionCode", $"'{region}' is not a GSS code (e.g. E47000001).");
                }

                break;
            case Roles.CharterOfficer:
                Expect(errors, scope, regionCode: false, charters: true, employer: false, partner: false);
                if (scope.CharterIds is { } charters)
                {
                    if (charters.Count is 0 or > MaxCharters)
                    {
                        errors.Add("scope.charterIds", $"1 to {MaxCharters} charter ids.");
                    }

                    for (var i = 0; i < charters.Count; i++)
                    {
                        if (!Ids.IsSlug(charters[i]))
                        {
                            errors.Add($"scope.charterIds[{i}]", $"'{charters[i]}' is not a charter id (lowercase slug).");
                        }
                    }
                }

                break;
            case Roles.Employer:
                Expect(errors, scope, regionCode: false, charters: false, employer: true, partner: false);
                if (scope.EmployerId is { } employer && !Ids.IsSlug(employer))
                {
                    errors.Add("scope.employerId", $"'{employer}' is not an employer id.");
                }

                break;
            case Roles.Partner:
                Expect(errors, scope, regionCode: false, charters: false, employer: false, partner: true);
                if (scope.PartnerId is { } partner && !Ids.IsSlug(partner))
                {
                    errors.Add("scope.partnerId", $"'{partner}' is not a partner id.");
                }

                break;
            default:
                errors.Add("role", $"One of: {string.Join(", ", Roles.All)}.");
                break;
        }

        return errors;
    }

    private static void Expect(ValidationErrors errors, AccessScope scope, bool regionCode, bool charters, bool employer, bool partner)
    {
        Field(errors, "scope.regionCode", scope.RegionCode is not null, regionCode);
        Field(errors, "scope.charterIds", scope.CharterIds is not null, charters);
        Field(errors, "scope.employerId", scope.EmployerId is not null, employer);
        Field(errors, "scope.partnerId", scope.PartnerId is not null, partner);

        static void Field(ValidationErrors errors, string name, bool given, bool wanted)
        {
            if (given != wanted)
            {
                errors.Add(name, wanted ? "Required for this role." : "Not part of this role's scope.");
            }
        }
    }
}
