using System.Text.RegularExpressions;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers.Profile;

/// <summary>A profile that passed the checks that need nothing but itself (councils are checked by the grain).</summary>
internal sealed record ValidProfile(string Name, string? CompanyNumber, IReadOnlyList<string> SicCodes, IReadOnlyList<Site> Sites);

/// <summary>
/// Checks a profile (pure): name, Companies House number, SIC codes, and sites whose council code is well formed and
/// whose headcount is a positive whole number. Whether each council exists is a question for Places, asked by the grain.
/// </summary>
internal static partial class ProfileRules
{
    public const int MaxNameLength = 200;
    public const int MaxSites = 2000;
    public const int MaxSicCodes = 20;
    public const int MaxHeadcount = 5_000_000;

    public static ValidProfile? Check(DefineEmployer command, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;

        var name = command.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "Required: the employer's name.");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("name", $"At most {MaxNameLength} characters.");
        }

        var companyNumber = command.CompanyNumber is { } given ? CompanyNumbers.Normalize(given) : null;
        if (companyNumber is { Length: 0 })
        {
            companyNumber = null;
        }

        if (companyNumber is not null && !CompanyNumbers.IsValid(companyNumber))
        {
            errors.Add("companyNumber", $"'{command.CompanyNumber}' is not a Companies House number: eight letters or digits such as 01234567 or SC123456.");
        }

        var sicCodes = new List<string>();
        var codes = command.SicCodes ?? [];
        if (codes.Count > MaxSicCodes)
        {
            errors.Add("sicCodes", $"At most {MaxSicCodes} SIC codes.");
        }

        for (var i = 0; i < codes.Count; i++)
        {
            var code = codes[i]?.Trim();
            if (code is null || !SicPattern().IsMatch(code))
            {
                errors.Add($"sicCodes[{i}]", $"'{codes[i]}' is not a UK SIC 2007 code (four or five digits, e.g. 56101).");
            }
            else if (!sicCodes.Contains(code, StringComparer.Ordinal))
            {
                sicCodes.Add(code);
            }
        }

        var sites = new List<Site>();
        if (command.Sites is null)
        {
            errors.Add("sites", "Required: a list of sites [{localAuthority, headcount}] (may be empty).");
        }
        else if (command.Sites.Count > MaxSites)
        {
            errors.Add("sites", $"At most {MaxSites} sites.");
        }
        else
        {
            for (var i = 0; i < command.Sites.Count; i++)
            {
                if (CheckSite(command.Sites[i], $"sites[{i}]", errors) is { } site)
                {
                    sites.Add(site);
                }
            }
        }

        return errors.Count > before ? null : new ValidProfile(name!, companyNumber, sicCodes, sites);
    }

    /// <summary>GSS codes are upper case; a lower-case code is taken as meant.</summary>
    public static string? NormalizeLocalAuthority(string? code) => code?.Trim().ToUpperInvariant();

    private static Site? CheckSite(SiteInput? input, string at, ValidationErrors errors)
    {
        if (input is null)
        {
            errors.Add(at, "Must be an object {localAuthority, headcount}.");
            return null;
        }

        var ok = true;
        var localAuthority = NormalizeLocalAuthority(input.LocalAuthority);
        if (string.IsNullOrEmpty(localAuthority))
        {
            errors.Add($"{at}.localAuthority", "Required: the council's ONS GSS code, e.g. E08000003.");
            ok = false;
        }
        else if (!Ids.IsGssCode(localAuthority))
        {
            errors.Add($"{at}.localAuthority", $"'{input.LocalAuthority}' is not an ONS GSS code such as E08000003.");
            ok = false;
        }

        if (input.Headcount is not { } headcount || headcount != decimal.Truncate(headcount) || headcount < 1)
        {
            errors.Add($"{at}.headcount", "Required: the staff at this site, a positive whole number.");
            ok = false;
        }
        else if (headcount > MaxHeadcount)
        {
            errors.Add($"{at}.headcount", $"At most {MaxHeadcount}.");
            ok = false;
        }

        return ok ? new Site(localAuthority!, (int)input.Headcount!.Value) : null;
    }

    [GeneratedRegex("^[0-9]{4,5}\\z")]
    private static partial Regex SicPattern();
}
