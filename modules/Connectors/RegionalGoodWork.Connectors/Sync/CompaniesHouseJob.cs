using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using RegionalGoodWork.Connectors.Contracts;
using RegionalGoodWork.Connectors.Integrations;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Connectors.Sync;

/// <summary>
/// <c>companies-house</c>: for every company number an employer on the platform claims (the Employers module's
/// <see cref="ICompanyNumberDirectoryGrain"/>, each checked against the claimant's profile), the company's profile
/// (<c>GET /company/{number}</c>, one at a time) → the employer's <c>companiesHouse</c> record (name, status, SIC codes,
/// registered office postcode), written only where it says something new. A status other than active flags the employer
/// <c>dissolved</c>, a 404 flags it <c>unknown</c>; the run lists every flagged employer, and once every number is checked
/// each region's list for its officers (<see cref="IFlaggedEmployersGrain"/>: the regions of the employer's sites' councils)
/// is replaced by what this run found — the regions flagged now and those flagged by the last run, so a list empties when
/// its employers are active again. Numbers no employer's profile names are counted (unmatched) and not fetched. A partner
/// failure fails the run; what was recorded before it stays, and the regions' lists stay as the last successful run left them.
/// </summary>
internal sealed class CompaniesHouseJob(
    ICompaniesHouseApi api, CompanyNumberMatcher matcher, IGrainFactory grains, PlatformClock clock, ILogger<CompaniesHouseJob> logger)
    : IConnectorJob
{
    /// <summary>The cursor's key for the regions whose lists the last run left not empty (or could not store), comma-separated.</summary>
    public const string FlaggedRegionsKey = "flaggedRegions";

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
                flagged.Add(new FlaggedEmployer(employerId, number, flag == CompaniesHouseFlag.Unknown ? "unknown" : "dissolved", record.Status, record.CheckedAt));
            }

            var recorded = await grains.GetEmployer(employerId).RecordCompaniesHouseAsync(record);
            changed += recorded.Value ? 1 : 0;
            failed += recorded.Problem is null ? 0 : 1;
        }

        var (regions, notStored) = await PublishAsync(flagged, cursor);
        var next = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["checked"] = read.ToString(CultureInfo.InvariantCulture),
            [FlaggedRegionsKey] = string.Join(',', regions),
        };
        return new JobResult(read, changed, failed + notStored, numbers.Count - matched.Count, next, flagged);
    }

    /// <summary>
    /// Replaces the list of every region a flagged employer has a site in, and of every region the last run left a list in
    /// (now emptied or shortened). Answers the regions to remember — those with flagged employers, and any whose list could
    /// not be stored (tried again next run) — and how many lists could not be stored.
    /// </summary>
    private async Task<(IReadOnlyList<string> Regions, int NotStored)> PublishAsync(
        IReadOnlyList<FlaggedEmployer> flagged, IReadOnlyDictionary<string, string> cursor)
    {
        var now = clock.GetUtcNow();
        var byRegion = new Dictionary<string, List<RegionFlaggedEmployer>>(StringComparer.Ordinal);
        foreach (var employer in flagged)
        {
            if ((await grains.GetEmployer(employer.EmployerId).GetProfileAsync()).Value is not { } profile)
            {
                continue;
            }

            var regions = await Task.WhenAll(profile.Sites.Select(s => s.LocalAuthority).Distinct(StringComparer.Ordinal)
                .Select(async council => (await grains.GetLocalAuthority(council).GetAsync()).Value?.RegionCode));
            foreach (var region in regions.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (!byRegion.TryGetValue(region, out var list))
                {
                    byRegion[region] = list = [];
                }

                var checkedAt = employer.CheckedAt ?? now;
                list.Add(new RegionFlaggedEmployer(employer.EmployerId, profile.Name, employer.CompanyNumber, employer.Flag, employer.Status, checkedAt, checkedAt));
            }
        }

        var before = cursor.TryGetValue(FlaggedRegionsKey, out var held) ? held.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        var remember = new SortedSet<string>(byRegion.Keys, StringComparer.Ordinal);
        var notStored = 0;
        foreach (var region in before.Union(byRegion.Keys, StringComparer.Ordinal))
        {
            try
            {
                await grains.GetFlaggedEmployers(region).ReplaceAsync(byRegion.GetValueOrDefault(region) ?? [], now);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                ConnectorsLog.FlaggedNotStored(logger, ex, ConnectorId, region);
                remember.Add(region);
                notStored++;
            }
        }

        return ([.. remember], notStored);
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
