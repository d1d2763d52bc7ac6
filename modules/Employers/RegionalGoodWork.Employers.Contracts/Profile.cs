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
    [property: Id(7)] DateTimeOffset UpdatedAt);

/// <summary>The answer to <see cref="IEmployerGrain.DefineAsync"/>: the stored profile and whether it is new.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.profile-saved")]
public sealed record EmployerProfileSaved([property: Id(0)] EmployerProfile Profile, [property: Id(1)] bool Created);
