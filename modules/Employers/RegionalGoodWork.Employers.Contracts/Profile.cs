using System.Text.Json.Serialization;

namespace RegionalGoodWork.Employers.Contracts;

/// <summary>
/// PUT /employers/{id}: the whole profile. Fields are as read from the wire (null when absent or of the wrong JSON
/// type) so that the grain can report every problem at once.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.define")]
public sealed record DefineEmployer(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? CompanyNumber,
    [property: Id(2)] IReadOnlyList<string>? SicCodes,
    [property: Id(3)] IReadOnlyList<SiteInput?>? Sites);

/// <summary>A site as submitted: the council's GSS code and the staff there (a positive whole number).</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.site-input")]
public sealed record SiteInput([property: Id(0)] string? LocalAuthority, [property: Id(1)] decimal? Headcount);

/// <summary>A site: staff (<see cref="Headcount"/> ≥ 1) in one council (ONS GSS code).</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.site")]
public sealed record Site([property: Id(0)] string LocalAuthority, [property: Id(1)] int Headcount);

/// <summary>An employer's profile as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.profile")]
public sealed record EmployerProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? CompanyNumber,
    [property: Id(3)] IReadOnlyList<string> SicCodes,
    [property: Id(4)] IReadOnlyList<Site> Sites,
    [property: Id(5)] int TotalHeadcount,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] CompaniesHouseRecord? CompaniesHouse = null);

/// <summary>The answer to <see cref="IEmployerGrain.DefineAsync"/>: the stored profile and whether it is new.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.profile-saved")]
public sealed record EmployerProfileSaved([property: Id(0)] EmployerProfile Profile, [property: Id(1)] bool Created);

/// <summary>
/// What Companies House said about the employer's company at <see cref="CheckedAt"/> (a fact from a partner, not evidence):
/// its registered name, status (<c>active</c>, <c>dissolved</c>, <c>liquidation</c>…), SIC codes and registered office
/// postcode. <see cref="Flag"/> says what the region's officers should look at: a company that is not active, or a
/// number Companies House does not know (then name, status and postcode are null).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.companies-house")]
public sealed record CompaniesHouseRecord(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Status,
    [property: Id(2)] IReadOnlyList<string> SicCodes,
    [property: Id(3)] string? Postcode,
    [property: Id(4)] DateTimeOffset CheckedAt,
    [property: Id(5)] CompaniesHouseFlag? Flag)
{
    /// <summary>The flag a status earns: none while active, <see cref="CompaniesHouseFlag.Dissolved"/> otherwise.</summary>
    public static CompaniesHouseFlag? FlagFor(string? status) =>
        string.Equals(status, "active", StringComparison.OrdinalIgnoreCase) ? null : CompaniesHouseFlag.Dissolved;

    /// <summary>Says the same as <paramref name="other"/>, whenever each was checked.</summary>
    public bool SameFactsAs(CompaniesHouseRecord? other) =>
        other is not null && Name == other.Name && Status == other.Status && Postcode == other.Postcode && Flag == other.Flag
        && SicCodes.SequenceEqual(other.SicCodes, StringComparer.Ordinal);
}

/// <summary>
/// Why an employer's company needs a region officer's look: <c>dissolved</c> — Companies House gives a status other than
/// active (dissolved, liquidation, administration…); <c>unknown</c> — Companies House does not know the number (404).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CompaniesHouseFlag>))]
public enum CompaniesHouseFlag
{
    [JsonStringEnumMemberName("dissolved")] Dissolved = 0,
    [JsonStringEnumMemberName("unknown")] Unknown = 1,
}
