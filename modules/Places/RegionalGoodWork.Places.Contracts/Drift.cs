namespace RegionalGoodWork.Places.Contracts;

/// <summary>How one employer's contribution held by a council differs from the freshly computed one.</summary>
public enum DriftKind
{
    /// <summary>The fresh contribution is missing from the council.</summary>
    Missing = 0,

    /// <summary>The council counts an employer the recomputation did not produce.</summary>
    Unexpected = 1,

    /// <summary>Same stamp, different figures.</summary>
    Different = 2,

    /// <summary>The council holds an older stamp: an update is in flight or was lost.</summary>
    Behind = 3,

    /// <summary>
    /// The council holds a stamp above the one the employer's line carries, read before the employer was asked: a line
    /// the employer never told it (it would ignore the employer's next updates).
    /// </summary>
    Ahead = 4,
}

[GenerateSerializer, Immutable, Alias("rgw.places.employer-drift")]
public sealed record EmployerDrift([property: Id(0)] string EmployerId, [property: Id(1)] DriftKind Kind, [property: Id(2)] string Detail);

/// <summary>A total whose incremental value differs from the value recomputed from the fresh contributions.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.total-drift")]
public sealed record TotalDrift([property: Id(0)] string Measure, [property: Id(1)] decimal Incremental, [property: Id(2)] decimal Recomputed);

/// <summary>The result of comparing a council's incremental totals with a recomputation from the employers.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.drift-report")]
public sealed record DriftReport(
    [property: Id(0)] string Area,
    [property: Id(1)] int EmployersChecked,
    [property: Id(2)] IReadOnlyList<EmployerDrift> Employers,
    [property: Id(3)] IReadOnlyList<TotalDrift> Totals)
{
    public bool HasDrift => Employers.Count > 0 || Totals.Count > 0;
}
