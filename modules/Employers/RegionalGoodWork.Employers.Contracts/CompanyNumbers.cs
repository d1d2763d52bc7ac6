using System.Text.RegularExpressions;
using Orleans.Concurrency;

namespace RegionalGoodWork.Employers.Contracts;

/// <summary>
/// Which employers have said they are a company (key: the Companies House number, upper case): a hint the employers
/// keep — claimed before a profile naming the number is stored, released after a profile stops naming it — so a partner
/// that knows only a company number finds the employer. A claim whose profile write failed is left behind, so a finder
/// checks every claimant's profile (<see cref="CompanyNumbers.FindEmployerAsync"/>).
/// </summary>
public interface ICompanyNumberGrain : IGrainWithStringKey
{
    Task ClaimAsync(string employerId);

    Task ReleaseAsync(string employerId);

    [ReadOnly]
    Task<IReadOnlyList<string>> GetClaimantsAsync();
}

/// <summary>
/// Every company number that some employer claims (key: <c>all</c>), so a connector can go through the employers that
/// are companies. Kept by the number index (<see cref="ICompanyNumberGrain"/>): a number is added when its first claimant
/// claims it and removed when its last is released. Like the index it is a hint: a finder checks each number's claimants.
/// One grain for the whole platform, but off the request path: it is written only when a number gains its first or
/// loses its last claimant, and read by connector runs.
/// </summary>
public interface ICompanyNumberDirectoryGrain : IGrainWithStringKey
{
    Task AddAsync(string companyNumber);

    Task RemoveAsync(string companyNumber);

    /// <summary>The numbers, in order.</summary>
    [ReadOnly]
    Task<IReadOnlyList<string>> GetNumbersAsync();
}

/// <summary>What a Companies House number is, and how an employer is found by one.</summary>
public static partial class CompanyNumbers
{
    /// <summary>Upper case, trimmed: <c>sc123456</c> → <c>SC123456</c>.</summary>
    public static string Normalize(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return number.Trim().ToUpperInvariant();
    }

    /// <summary>Eight letters or digits (already normalized).</summary>
    public static bool IsValid(string? number) => number is not null && Pattern().IsMatch(number);

    /// <summary>
    /// The employer whose profile names <paramref name="number"/>: a claimant whose profile says so (one whose profile
    /// does not is a stale claim, and is released), else an employer keyed by the number itself. Null when none is, or
    /// when more than one is (<paramref name="ambiguous"/> lists them).
    /// </summary>
    public static async Task<(string? EmployerId, IReadOnlyList<string> Ambiguous)> FindEmployerAsync(IGrainFactory grains, string number)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var normalized = Normalize(number);
        var index = grains.GetCompanyNumber(normalized);
        var candidates = (await index.GetClaimantsAsync()).Append(EmployerIds.Normalize(normalized)).Distinct(StringComparer.Ordinal).ToList();
        var profiles = await Task.WhenAll(candidates.Select(async id => (id, (await grains.GetEmployer(id).GetProfileAsync()).Value)));
        var named = profiles.Where(p => p.Value?.CompanyNumber == normalized).Select(p => p.id).ToList();
        foreach (var (id, profile) in profiles)
        {
            if (profile?.CompanyNumber != normalized && id != EmployerIds.Normalize(normalized))
            {
                await index.ReleaseAsync(id);
            }
        }

        return named.Count switch
        {
            1 => (named[0], []),
            0 => (null, []),
            _ => (null, named),
        };
    }

    [GeneratedRegex("^[A-Z0-9]{8}\\z")]
    private static partial Regex Pattern();
}
