namespace RegionalGoodWork.Places.Contracts;

/// <summary>PUT /local-authorities/{gss}: define or update a council.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.define-local-authority")]
public sealed record DefineLocalAuthority([property: Id(0)] string Name, [property: Id(1)] string? RegionCode = null);

/// <summary>PUT /regions/{code}: define or update a region and the councils in it (a council belongs to one region).</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.define-region")]
public sealed record DefineRegion([property: Id(0)] string Name, [property: Id(1)] IReadOnlyList<string> LocalAuthorities);

/// <summary>A council as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.local-authority")]
public sealed record LocalAuthorityView([property: Id(0)] string Code, [property: Id(1)] string Name, [property: Id(2)] string? RegionCode);

/// <summary>A place named by code.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.place-ref")]
public sealed record PlaceRef([property: Id(0)] string Code, [property: Id(1)] string Name);

/// <summary>A region as the API shows it.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.region")]
public sealed record RegionView([property: Id(0)] string Code, [property: Id(1)] string Name, [property: Id(2)] IReadOnlyList<PlaceRef> LocalAuthorities);
