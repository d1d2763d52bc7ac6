namespace RegionalGoodWork.Places.Contributions;

/// <summary>
/// How many employers, counted two ways: <see cref="Count"/> (each employer present = 1, for a council) and
/// <see cref="WeightMicros"/> (each employer weighted by its headcount share in the council, in millionths,
/// so a region summing its councils counts an employer with all its sites in the region exactly once).
/// Integers, so adding and taking away are exact and the drift check can compare for equality.
/// </summary>
[GenerateSerializer, Immutable]
internal readonly record struct Tally([property: Id(0)] int Count, [property: Id(1)] long WeightMicros)
{
    public const long Micros = 1_000_000;

    public bool IsZero => Count == 0 && WeightMicros == 0;

    public static Tally operator +(Tally a, Tally b) => new(a.Count + b.Count, a.WeightMicros + b.WeightMicros);

    public static Tally operator -(Tally a, Tally b) => new(a.Count - b.Count, a.WeightMicros - b.WeightMicros);

    public static Tally operator *(Tally a, int sign) => new(a.Count * sign, a.WeightMicros * sign);

    public static Tally Add(Tally left, Tally right) => left + right;

    public static Tally Subtract(Tally left, Tally right) => left - right;

    public static Tally Multiply(Tally left, int right) => left * right;
}

/// <summary>How employers are counted when figures are read: per council each present employer is one; a region apportions.</summary>
internal enum EmployerCounting
{
    /// <summary>A council: an employer with staff there counts once, whatever its other sites.</summary>
    Distinct,

    /// <summary>
    /// A region (sum of councils): an employer counts by the share of its headcount inside the region, rounded
    /// down — exact for an employer whose sites all lie in the region, conservative for suppression otherwise.
    /// </summary>
    Apportioned,
}

internal static class EmployerCountingExtensions
{
    /// <summary>The number of employers a tally stands for.</summary>
    public static int Employers(this EmployerCounting counting, Tally tally) => counting switch
    {
        EmployerCounting.Distinct => tally.Count,
        // Rounding of each site's share to millionths may leave an employer at 0.999998: allow that slack.
        _ => (int)((tally.WeightMicros + 1_000) / Tally.Micros),
    };

    /// <summary>The weight of a tally when employers are points of a distribution (the median).</summary>
    public static long Weight(this EmployerCounting counting, Tally tally) =>
        counting == EmployerCounting.Distinct ? tally.Count : tally.WeightMicros;
}
