namespace RegionalGoodWork.Places.Contracts;

/// <summary>Indicator ids (the contract partners read). Official indicators not listed here keep a slug of their ONS name.</summary>
public static class IndicatorIds
{
    public const string CharterEmployers = "charter-employers";
    public const string EmployeesCovered = "employees-covered";
    public const string ShareEmployeesAtRlwEmployers = "share-employees-at-rlw-employers";
    public const string ShareEmployeesFlexibleFromDayOne = "share-employees-flexible-from-day-one";
    public const string ShareEmployeesUnionRecognised = "share-employees-union-recognised";
    public const string MedianGenderPayGapMembers = "median-gender-pay-gap-members";
    public const string ApprenticeshipStartsPer1000Employees = "apprenticeship-starts-per-1000-employees";

    /// <summary>Share of public contract value awarded to suppliers with staff here that went to charter members.</summary>
    public const string ShareAwardedValueToMembers = "share-awarded-value-to-members";

    /// <summary>Prefix of the per charter and tier member counts: <c>members.{charterId}.{tier}</c>.</summary>
    public const string MembersPrefix = "members.";

    public const string EmploymentRate = "employment-rate";
    public const string MedianWeeklyPay = "median-weekly-pay";
    public const string EconomicallyInactive = "economically-inactive";

    public static string Members(string charterId, string tier) => $"{MembersPrefix}{charterId}.{tier}";
}

/// <summary>How many employers a figure rests on (null for official statistics).</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.indicator-basis")]
public sealed record IndicatorBasis([property: Id(0)] int? Employers);

/// <summary>
/// One figure. <see cref="Value"/> is null when <see cref="Suppressed"/> (disclosure control: fewer employers
/// than <c>Indicators:MinimumEmployers</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.places.indicator")]
public sealed record Indicator(
    [property: Id(0)] string Id,
    [property: Id(1)] decimal? Value,
    [property: Id(2)] string Unit,
    [property: Id(3)] bool Suppressed,
    [property: Id(4)] IndicatorBasis Basis,
    [property: Id(5)] string Source,
    [property: Id(6)] string? Principle = null,
    [property: Id(7)] bool LowReliability = false,
    [property: Id(8)] string? Period = null);

/// <summary>The indicators of one area and year.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.indicator-set")]
public sealed record IndicatorSet(
    [property: Id(0)] string Area,
    [property: Id(1)] string AreaName,
    [property: Id(2)] int Year,
    [property: Id(3)] IReadOnlyList<Indicator> Indicators,
    [property: Id(4)] string? Note = null);

/// <summary>A region's indicators plus one set per member council.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.region-indicator-set")]
public sealed record RegionIndicatorSet(
    [property: Id(0)] string Area,
    [property: Id(1)] string AreaName,
    [property: Id(2)] int Year,
    [property: Id(3)] IReadOnlyList<Indicator> Indicators,
    [property: Id(4)] IReadOnlyList<IndicatorSet> ByLocalAuthority,
    [property: Id(5)] string? Note = null);

/// <summary>One council's Good Work index for a year (method: modules/Places/README.md).</summary>
/// <param name="Score">Mean of principle scores (each the mean z-score of its indicators within the region); null without data.</param>
/// <param name="Rank">1 = best in the region; ties share a rank; null when no score.</param>
/// <param name="Change">Score minus the previous year's, over the indicators available in both years; null when not comparable.</param>
[GenerateSerializer, Immutable, Alias("rgw.places.good-work-index-entry")]
public sealed record GoodWorkIndexEntry(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] decimal? Score,
    [property: Id(3)] int? Rank,
    [property: Id(4)] decimal? Change,
    [property: Id(5)] IReadOnlyDictionary<string, decimal> Principles,
    [property: Id(6)] IReadOnlyList<string> IndicatorsUsed);

/// <summary>
/// A snapshot of an area's employer-derived figures for a year: <c>year-end</c> (taken as the year ended; never replaced)
/// or <c>on-demand</c> (taken during the year through the API; replaced by a later one and by the year-end one).
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.places.indicator-snapshot-info")]
public sealed record IndicatorSnapshotInfo(
    [property: Id(0)] int Year,
    [property: Id(1)] string Kind,
    [property: Id(2)] DateTimeOffset TakenAt)
{
    public const string YearEndKind = "year-end";
    public const string OnDemandKind = "on-demand";
}

/// <summary>What an on-demand snapshot of a region took: the year, when, and the councils snapshotted with it.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.indicator-snapshot-receipt")]
public sealed record IndicatorSnapshotReceipt(
    [property: Id(0)] string RegionCode,
    [property: Id(1)] int Year,
    [property: Id(2)] string Kind,
    [property: Id(3)] DateTimeOffset TakenAt,
    [property: Id(4)] IReadOnlyList<string> LocalAuthorities);

/// <summary>The snapshots a region holds of its own figures, and of each of its councils'.</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.indicator-snapshots")]
public sealed record IndicatorSnapshots(
    [property: Id(0)] string RegionCode,
    [property: Id(1)] IReadOnlyList<IndicatorSnapshotInfo> Region,
    [property: Id(2)] IReadOnlyDictionary<string, IReadOnlyList<IndicatorSnapshotInfo>> ByLocalAuthority);
