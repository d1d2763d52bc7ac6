using System.Globalization;
using System.Web;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Connectors.Contracts;
using RegionalGoodWork.Connectors.Integrations;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Connectors.Sync;

/// <summary>
/// <c>contracts-finder</c>: the OCDS award notices published since the cursor (the last successful run's
/// <c>publishedTo</c>; at first <c>Connectors:contracts-finder:PublishedFrom</c>, else a year back) up to now, page by
/// page through <c>links.next</c> — followed only while it lies under the configured base URL, never to another host.
/// Every page is read before anything is recorded, so a malformed page (or a link leading elsewhere) fails the run, stores
/// nothing and leaves the cursor where it was. Then each award's suppliers carrying a Companies House id (<c>GB-COH</c>
/// as <c>identifier</c> or <c>additionalIdentifiers</c> scheme, or a <c>GB-COH-&lt;number&gt;</c> org-id) are linked,
/// by the number normalised as the other connectors do, to the employer holding it, which records the award
/// (<see cref="IEmployerGrain.RecordContractsAsync"/>; matched by ocid and award id, so a re-run changes nothing).
/// Suppliers identified otherwise are counted by scheme, malformed <c>GB-COH</c> ids counted as failed and named in the
/// run, and numbers no employer holds counted as unmatched — none of them guessed or stored.
/// </summary>
internal sealed class ContractsFinderJob(
    IContractsFinderApi api, CompanyNumberMatcher matcher, IGrainFactory grains, IOptionsMonitor<ConnectorOptions> options, PlatformClock clock)
    : IConnectorJob
{
    public const string CursorKey = "publishedTo";

    private const string CompaniesHouseScheme = "GB-COH";

    private const int MaxPages = 10_000;

    private const int MalformedNamed = 20;

    public string ConnectorId => ConnectorIds.ContractsFinder;

    public async Task<JobResult> RunAsync(IReadOnlyDictionary<string, string> cursor, CancellationToken cancellationToken)
    {
        var settings = options.Get(ConnectorId);
        var to = clock.GetUtcNow();
        var from = cursor.TryGetValue(CursorKey, out var held)
            && DateTimeOffset.TryParse(held, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var last)
            ? last
            : settings.PublishedFrom ?? to.AddYears(-1);
        var releases = await ReadAllPagesAsync(settings.BaseUrl!, from, to, settings.PageSize, cancellationToken);

        // Each award, with the company numbers of its suppliers.
        var links = new List<(ContractAward Award, IReadOnlyList<string> Numbers)>();
        var notLinked = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var malformed = new List<string>();
        var failed = 0;
        foreach (var release in releases)
        {
            var parties = (release.Parties ?? []).OfType<OcdsParty>().Where(p => p.Id is not null)
                .GroupBy(p => p.Id!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            foreach (var award in (release.Awards ?? []).OfType<OcdsAward>())
            {
                var suppliers = (award.Suppliers ?? []).OfType<OcdsReference>().ToList();
                var numbers = new List<string>();
                foreach (var supplier in suppliers)
                {
                    var party = supplier.Id is { } id ? parties.GetValueOrDefault(id) : null;
                    var found = Identify(supplier, party);
                    if (found.Number is { } number)
                    {
                        numbers.Add(number);
                    }
                    else if (found.Malformed is { } raw)
                    {
                        failed++;
                        Bump(notLinked, "GB-COH (malformed)");
                        if (malformed.Count < MalformedNamed)
                        {
                            malformed.Add($"{release.Ocid}, award {award.Id}: supplier '{supplier.Name ?? party?.Name}' has the Companies House id '{raw}', which is not a company number.");
                        }
                    }
                    else
                    {
                        Bump(notLinked, found.Scheme ?? "(no identifier)");
                    }
                }

                links.Add((new ContractAward(release.Ocid ?? "", award.Id ?? "", release.Buyer?.Name, award.Value?.Amount, award.Value?.Currency,
                    award.Date, suppliers.Count), numbers.Distinct(StringComparer.Ordinal).ToList()));
            }
        }

        var allNumbers = links.SelectMany(l => l.Numbers).Distinct(StringComparer.Ordinal).ToList();
        var matched = await matcher.MatchAsync(allNumbers);
        var byEmployer = links
            .Where(l => l.Award.Ocid.Length > 0 && l.Award.AwardId.Length > 0)
            .SelectMany(l => l.Numbers.Where(matched.ContainsKey).Select(n => (EmployerId: matched[n], l.Award)))
            .GroupBy(x => x.EmployerId, StringComparer.Ordinal);
        var changed = 0;
        foreach (var employer in byEmployer)
        {
            var recorded = await grains.GetEmployer(employer.Key).RecordContractsAsync([.. employer.Select(x => x.Award)]);
            changed += recorded.Value;
            failed += recorded.Problem is null ? 0 : 1;
        }

        var next = new Dictionary<string, string>(StringComparer.Ordinal) { [CursorKey] = to.ToString("O", CultureInfo.InvariantCulture) };
        return new JobResult(links.Count, changed, failed, allNumbers.Count - matched.Count, next, NotLinked: notLinked, Malformed: malformed);
    }

    /// <summary>
    /// A supplier's Companies House number, from its party's <c>identifier</c> and <c>additionalIdentifiers</c> (scheme
    /// <c>GB-COH</c>, or an id written <c>GB-COH-&lt;number&gt;</c>) or from an org-id used as the supplier's own id;
    /// else the raw id when it claims to be one but is no company number; else the scheme it is identified by.
    /// </summary>
    internal static (string? Number, string? Malformed, string? Scheme) Identify(OcdsReference supplier, OcdsParty? party)
    {
        var identifiers = new List<OcdsIdentifier>();
        if (party?.Identifier is { } main)
        {
            identifiers.Add(main);
        }

        identifiers.AddRange((party?.AdditionalIdentifiers ?? []).OfType<OcdsIdentifier>());
        identifiers.Add(new OcdsIdentifier(null, supplier.Id, null));
        string? bad = null;
        foreach (var identifier in identifiers)
        {
            var raw = identifier.Id?.Trim();
            string? claimed = null;
            if (string.Equals(identifier.Scheme?.Trim(), CompaniesHouseScheme, StringComparison.OrdinalIgnoreCase))
            {
                claimed = raw is not null && raw.StartsWith(CompaniesHouseScheme + "-", StringComparison.OrdinalIgnoreCase)
                    ? raw[(CompaniesHouseScheme.Length + 1)..]
                    : raw ?? "";
            }
            else if (string.IsNullOrEmpty(identifier.Scheme) && raw is not null && raw.StartsWith(CompaniesHouseScheme + "-", StringComparison.OrdinalIgnoreCase))
            {
                claimed = raw[(CompaniesHouseScheme.Length + 1)..];
            }

            if (claimed is null)
            {
                continue;
            }

            if (CompanyNumberMatcher.Normalize(claimed) is { } number)
            {
                return (number, null, CompaniesHouseScheme);
            }

            bad ??= raw ?? "";
        }

        if (bad is not null)
        {
            return (null, bad, CompaniesHouseScheme);
        }

        var scheme = identifiers.Select(i => i.Scheme?.Trim()).FirstOrDefault(s => !string.IsNullOrEmpty(s));
        return (null, null, scheme);
    }

    /// <summary>Every release of every page, following <c>links.next</c> while it stays under <paramref name="baseUrl"/>.</summary>
    private async Task<List<OcdsRelease>> ReadAllPagesAsync(Uri baseUrl, DateTimeOffset from, DateTimeOffset to, int pageSize, CancellationToken cancellationToken)
    {
        var releases = new List<OcdsRelease>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var page = await api.SearchAsync(Format(from), Format(to), pageSize, cancellationToken);
        for (var number = 1; ; number++)
        {
            if (page?.Releases is not { } list)
            {
                throw new PartnerDataException($"Contracts Finder's search page {number} is malformed: it has no \"releases\" list (expected an OCDS release package with releases and links.next). Nothing was recorded.");
            }

            releases.AddRange(list.OfType<OcdsRelease>());
            if (string.IsNullOrWhiteSpace(page.Links?.Next))
            {
                return releases;
            }

            var next = Under(baseUrl, page.Links.Next, number);
            if (!seen.Add(next.AbsoluteUri) || number >= MaxPages)
            {
                throw new PartnerDataException($"Contracts Finder's links.next on page {number} ({next}) repeats an earlier page or exceeds {MaxPages} pages; the run stopped and recorded nothing.");
            }

            var path = next.AbsolutePath[BasePath(baseUrl).Length..];
            var query = HttpUtility.ParseQueryString(next.Query);
            var parameters = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k] ?? "", StringComparer.Ordinal);
            page = await api.NextAsync(Uri.UnescapeDataString(path), parameters, cancellationToken);
        }
    }

    /// <summary>The next page's URL when it lies under <paramref name="baseUrl"/> (same scheme, host and port, below its path).</summary>
    private static Uri Under(Uri baseUrl, string link, int page)
    {
        if (!Uri.TryCreate(baseUrl, link.Trim(), out var next)
            || !string.Equals(next.Scheme, baseUrl.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(next.Authority, baseUrl.Authority, StringComparison.OrdinalIgnoreCase)
            || next.UserInfo.Length > 0
            || !next.AbsolutePath.StartsWith(BasePath(baseUrl), StringComparison.Ordinal))
        {
            throw new PartnerDataException($"Contracts Finder's links.next on page {page} ({link}) is not under Connectors:contracts-finder:BaseUrl ({baseUrl}); the connector calls no other address, so the run stopped and recorded nothing.");
        }

        return next;
    }

    private static string BasePath(Uri baseUrl) => baseUrl.AbsolutePath.EndsWith('/') ? baseUrl.AbsolutePath : baseUrl.AbsolutePath + "/";

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void Bump(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
