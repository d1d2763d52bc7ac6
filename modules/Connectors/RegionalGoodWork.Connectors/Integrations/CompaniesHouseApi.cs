using System.Text.Json.Serialization;
using Refit;

namespace RegionalGoodWork.Connectors.Integrations;

/// <summary>
/// Companies House's public data API: a company's profile by number (HTTP basic, the API key as user name and an empty
/// password). A 404 means Companies House does not know the number, so it is an answer here, not an error.
/// </summary>
internal interface ICompaniesHouseApi
{
    [Get("/company/{number}")]
    Task<IApiResponse<CompanyProfile>> GetCompanyAsync(string number, CancellationToken cancellationToken);
}

/// <summary>The fields of Companies House's <c>companyProfile</c> the connector reads (snake_case on the wire).</summary>
internal sealed record CompanyProfile(
    [property: JsonPropertyName("company_number")] string? CompanyNumber,
    [property: JsonPropertyName("company_name")] string? CompanyName,
    [property: JsonPropertyName("company_status")] string? CompanyStatus,
    [property: JsonPropertyName("sic_codes")] IReadOnlyList<string>? SicCodes,
    [property: JsonPropertyName("registered_office_address")] RegisteredOfficeAddress? RegisteredOfficeAddress);

internal sealed record RegisteredOfficeAddress([property: JsonPropertyName("postal_code")] string? PostalCode);
