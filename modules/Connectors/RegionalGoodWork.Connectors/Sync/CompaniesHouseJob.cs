using System.Globalization;
using System.Net;
using RegionalGoodWork.Connectors.Contracts;
using RegionalGoodWork.Connectors.Integrations;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Connectors.Sync;

/// <summary>
/// <c>companies-house</c>: for every company number an employer on the platform claims (the Employers module's
/// <see cref="ICompanyNumberDirectoryGrain"/>, each checked against the claimant's profile), the company's profile
/// (<c>GET /company/{number}</c>, one at a time) → the employer's <c>companiesHouse</c> record (name, status, SIC codes,
/// registered office postcode), written only where it says something new. A status other than active flags the employer
/// <c>dissolved</c>, a 404 flags it <c>unknown</c>; the run lists every flagged employer. Numbers no employer's profile
/// names are counted (unmatched) and not fetched. A partner failure fails the run; what was recorded before it stays.
/// </summary>
internal sealed class CompaniesHouseJob(ICompaniesHouseApi api, CompanyNumberMatcher matcher, IGrainFactory grains, PlatformClock clock)
    : IConnectorJob
{
    public string ConnectorId => ConnectorIds.CompaniesHouse;

    public async Task<JobResult> RunAsync(IReadOnlyDictionary<string, string> cursor, CancellationToken cancellationToken)
    {
        var numbers = await grains.GetCompanyNumberDirectory().GetNumbersAsync();
        var matched = await matcher.MatchAsync(numbers);
        var (read, changed, failed) = (0, 0, 0);
        var flagged = new List<FlaggedEmployer>();
        foreach (var (number, employerId) in matched.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            var record = await CheckAsync(number, cancellationToken);
            read++;
            if (record is null)
            {
                failed++; // an answer without a company status: nothing to record
                continue;
            }

            if (record.Flag is { } flag)
            {
                flagged.Add(new FlaggedEmployer(employerId, number, flag == CompaniesHouseFlag.Unknown ? "unknown" : "dissolved", record.Status));
            }

            var recorded = await grains.GetEmployer(employerId).RecordCompaniesHouseAsync(record);
            changed += recorded.Value ? 1 : 0;
            failed += recorded.Problem is null ? 0 : 1;
        }

        var next = new Dictionary<string, string>(StringComparer.Ordinal) { ["checked"] = read.ToString(CultureInfo.InvariantCulture) };
        return new JobResult(read, changed, failed, numbers.Count - matched.Count, next, flagged);
    }

    /// <summary>What Companies House says of <paramref name="number"/>; null when its answer has no company status.</summary>
    private async Task<CompaniesHouseRecord?> CheckAsync(string number, CancellationToken cancellationToken)
    {
        using var response = await api.GetCompanyAsync(number, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new CompaniesHouseRecord(null, null, [], null, clock.GetUtcNow(), CompaniesHouseFlag.Unknown);
        }

        if (response.Error is { } error)
        {
            throw error;
        }

        if (response.Content is not { CompanyStatus: { Length: > 0 } status } company)
        {
            return null;
        }

        return new CompaniesHouseRecord(
            company.CompanyName, status, [.. (company.SicCodes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim())],
            company.RegisteredOfficeAddress?.PostalCode, clock.GetUtcNow(), CompaniesHouseRecord.FlagFor(status));
    }
}
