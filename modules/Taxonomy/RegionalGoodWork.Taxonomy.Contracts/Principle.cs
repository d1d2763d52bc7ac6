namespace RegionalGoodWork.Taxonomy.Contracts;

/// <summary>One of the ten shared good-work principles (Institute for the Future of Work, Good Work Charter).</summary>
[GenerateSerializer, Immutable, Alias("rgw.taxonomy.principle")]
public sealed record Principle(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string Description);
