namespace RegionalGoodWork.Places.Contracts;

/// <summary>
/// What one employer contributes to one council's indicators: the Employers module sends one per council
/// the employer has (or had) staff in, after the employer's own state write succeeded.
/// </summary>
/// <param name="EmployerId">The employer id (slug or Companies House number).</param>
/// <param name="Stamp">
/// The employer's state version when this contribution was computed; strictly increasing over the
/// employer's life. A council keeps the highest stamp it has seen per employer (removals included) and
/// ignores any contribution whose stamp is not higher, so redelivery and reordering are harmless. Send the
/// same stamp to every council touched by one change.
/// </param>
/// <param name="Headcount">Staff at the employer's sites in this council. 0 = the employer left the council (a removal).</param>
/// <param name="TotalHeadcount">Staff across all the employer's sites (≥ <paramref name="Headcount"/>); used to apportion by headcount share.</param>
/// <param name="InAnyCharter">True when the employer holds a tier in at least one charter. Only such employers count in the indicators.</param>
/// <param name="Memberships">The (charter, tier) pairs the employer holds now; empty when none.</param>
/// <param name="RealLivingWageEmployer">Counts as a real Living Wage employer (accredited, or all directly employed staff paid ≥ RLW).</param>
/// <param name="FlexibleFromDayOne">Offers flexible work from day one; null = not reported.</param>
/// <param name="UnionRecognised">Recognises a trade union; null = not reported.</param>
/// <param name="GenderPayGapMedian">Median hourly gender pay gap in percent (may be negative); null = not reported.</param>
/// <param name="ApprenticeshipStarts">
/// Apprenticeship starts in the last year across the WHOLE employer; null = not reported. Places apportions
/// them to this council by <paramref name="Headcount"/> / <paramref name="TotalHeadcount"/>.
/// </param>
/// <param name="AwardedValue">
/// Public contract value awarded to the WHOLE employer as a supplier, in pounds (its share of each award naming it; 0 =
/// none). Places apportions it to this council by <paramref name="Headcount"/> / <paramref name="TotalHeadcount"/>, and
/// counts it whether or not the employer is in a charter (the indicator is the members' share of it).
/// </param>
[GenerateSerializer, Immutable, Alias("rgw.places.employer-contribution")]
public sealed record EmployerContribution(
    [property: Id(0)] string EmployerId,
    [property: Id(1)] long Stamp,
    [property: Id(2)] int Headcount,
    [property: Id(3)] int TotalHeadcount,
    [property: Id(4)] bool InAnyCharter,
    [property: Id(5)] IReadOnlyList<CharterTier> Memberships,
    [property: Id(6)] bool RealLivingWageEmployer,
    [property: Id(7)] bool? FlexibleFromDayOne,
    [property: Id(8)] bool? UnionRecognised,
    [property: Id(9)] decimal? GenderPayGapMedian,
    [property: Id(10)] int? ApprenticeshipStarts,
    [property: Id(11)] decimal AwardedValue = 0m)
{
    /// <summary>The contribution that removes an employer from a council (headcount 0).</summary>
    public static EmployerContribution Removal(string employerId, long stamp) =>
        new(employerId, stamp, 0, 0, false, [], false, null, null, null, null);

    /// <summary>True when this contribution takes the employer out of the council.</summary>
    public bool IsRemoval => Headcount == 0;

    /// <summary>Same figures as <paramref name="other"/> (the stamp aside).</summary>
    public bool SameContentAs(EmployerContribution other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return EmployerId == other.EmployerId && Headcount == other.Headcount && TotalHeadcount == other.TotalHeadcount &&
            InAnyCharter == other.InAnyCharter && RealLivingWageEmployer == other.RealLivingWageEmployer &&
            FlexibleFromDayOne == other.FlexibleFromDayOne && UnionRecognised == other.UnionRecognised &&
            GenderPayGapMedian == other.GenderPayGapMedian && ApprenticeshipStarts == other.ApprenticeshipStarts &&
            AwardedValue == other.AwardedValue &&
            Memberships.OrderBy(m => m.CharterId, StringComparer.Ordinal).ThenBy(m => m.Tier, StringComparer.Ordinal)
                .SequenceEqual(other.Memberships.OrderBy(m => m.CharterId, StringComparer.Ordinal).ThenBy(m => m.Tier, StringComparer.Ordinal));
    }
}

/// <summary>A tier held in a charter.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.charter-tier")]
public sealed record CharterTier([property: Id(0)] string CharterId, [property: Id(1)] string Tier);

/// <summary>The outcome of a batch of contributions to one council.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.contribution-batch-result")]
public sealed record ContributionBatchResult(
    [property: Id(0)] int Applied,
    [property: Id(1)] int Unchanged,
    [property: Id(2)] int Stale);

/// <summary>The stamp a council holds for one employer (a removed employer keeps its stamp with headcount 0).</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.contributor")]
public sealed record Contributor([property: Id(0)] string EmployerId, [property: Id(1)] long Stamp, [property: Id(2)] int Headcount);
