using Refit;

namespace RegionalGoodWork.Connectors.Integrations;

/// <summary>
/// Contracts Finder's OCDS search: one page of release packages' releases published in a window, and a
/// <c>links.next</c> URL for the next page. The next page is fetched through <see cref="NextAsync"/> only when the URL
/// lies under <c>Connectors:contracts-finder:BaseUrl</c> (<c>ContractsFinderJob</c> checks), so no other host is called.
/// </summary>
internal interface IContractsFinderApi
{
    [Get("/Published/Notices/OCDS/Search")]
    Task<OcdsSearchPage> SearchAsync(string publishedFrom, string publishedTo, int limit, CancellationToken cancellationToken);

    /// <summary><paramref name="path"/>: the next link's path below the base URL; <paramref name="query"/>: its query, as sent.</summary>
    [Get("/{**path}")]
    Task<OcdsSearchPage> NextAsync(string path, [Query] IDictionary<string, string> query, CancellationToken cancellationToken);
}

/// <summary>A search page: OCDS releases and the link to the next page (none on the last).</summary>
internal sealed record OcdsSearchPage(IReadOnlyList<OcdsRelease?>? Releases, OcdsLinks? Links);

internal sealed record OcdsLinks(string? Next);

/// <summary>The parts of an OCDS 1.1 release the connector reads.</summary>
internal sealed record OcdsRelease(string? Ocid, string? Id, IReadOnlyList<OcdsParty?>? Parties, OcdsReference? Buyer, IReadOnlyList<OcdsAward?>? Awards);

internal sealed record OcdsParty(string? Id, string? Name, IReadOnlyList<string>? Roles, OcdsIdentifier? Identifier, IReadOnlyList<OcdsIdentifier?>? AdditionalIdentifiers);

internal sealed record OcdsIdentifier(string? Scheme, string? Id, string? LegalName);

internal sealed record OcdsReference(string? Id, string? Name);

internal sealed record OcdsAward(string? Id, DateTimeOffset? Date, OcdsValue? Value, IReadOnlyList<OcdsReference?>? Suppliers);

internal sealed record OcdsValue(decimal? Amount, string? Currency);
