using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Places.Indicators;

/// <summary>How an indicator is scored in the Good Work index.</summary>
internal enum Direction
{
    /// <summary>Shown, not part of the index (context, not a quality).</summary>
    NotScored = 0,
    HigherIsBetter = 1,
    LowerIsBetter = 2,

    /// <summary>A gap either way is a gap.</summary>
    CloserToZeroIsBetter = 3,
}

/// <summary>One indicator: what it is, where its figure comes from and how the index reads it.</summary>
/// <param name="Id">The indicator id (<see cref="IndicatorIds"/>); for a family, the id prefix.</param>
/// <param name="Name">What it measures, in words.</param>
/// <param name="Unit">Unit of employer-derived figures; null for official ones, whose unit comes with the import.</param>
/// <param name="Principle">The principle it speaks to; null for context figures.</param>
/// <param name="Direction">How the Good Work index orients it.</param>
/// <param name="EvidenceKinds">
/// The evidence kinds it reads (<see cref="IndicatorEvidenceKinds"/>); empty for counts of employers and staff,
/// and for official statistics.
/// </param>
/// <param name="Official">True for ONS statistics (imported); false for figures derived from employers.</param>
internal sealed record IndicatorDefinition(
    string Id,
    string Name,
    string? Unit,
    string? Principle,
    Direction Direction,
    IReadOnlyList<string> EvidenceKinds,
    bool Official = false)
{
    public bool Scored => Direction != Direction.NotScored;

    /// <summary>The value turned so that higher is better.</summary>
    public double Orient(decimal value) => Direction switch
    {
        Direction.LowerIsBetter => -(double)value,
        Direction.CloserToZeroIsBetter => -Math.Abs((double)value),
        _ => (double)value,
    };
}

/// <summary>
/// The one table of indicators: the calculator takes units and principles from it, the Good Work index its
/// components and their direction. A new indicator is an entry here (plus its figure in the calculator or an import).
/// </summary>
internal static class IndicatorDefinitions
{
    public const string EmployerSource = "RegionalGoodWork charter employers (current snapshot)";

    public static readonly IndicatorDefinition CharterEmployers = new(IndicatorIds.CharterEmployers,
        "Employers in any charter with staff here", "employers", null, Direction.NotScored, []);

    public static readonly IndicatorDefinition EmployeesCovered = new(IndicatorIds.EmployeesCovered,
        "Staff here of charter employers", "employees", null, Direction.NotScored, []);

    public static readonly IndicatorDefinition ShareEmployeesAtRlwEmployers = new(IndicatorIds.ShareEmployeesAtRlwEmployers,
        "Share of those staff at real Living Wage employers", "percent", "fair-pay", Direction.HigherIsBetter,
        [IndicatorEvidenceKinds.RlwAccredited, IndicatorEvidenceKinds.ShareStaffPaidRlw]);

    public static readonly IndicatorDefinition ShareEmployeesFlexibleFromDayOne = new(IndicatorIds.ShareEmployeesFlexibleFromDayOne,
        "Share of staff offered flexible work from day one, among reporting employers", "percent", "autonomy", Direction.HigherIsBetter,
        [IndicatorEvidenceKinds.FlexibleFromDayOne]);

    public static readonly IndicatorDefinition ShareEmployeesUnionRecognised = new(IndicatorIds.ShareEmployeesUnionRecognised,
        "Share of staff at employers recognising a trade union, among reporting employers", "percent", "participation",
        Direction.HigherIsBetter, [IndicatorEvidenceKinds.UnionRecognised]);

    public static readonly IndicatorDefinition MedianGenderPayGapMembers = new(IndicatorIds.MedianGenderPayGapMembers,
        "Median of members' median gender pay gaps", "percent", "equality", Direction.CloserToZeroIsBetter,
        [IndicatorEvidenceKinds.GenderPayGapMedian]);

    public static readonly IndicatorDefinition ApprenticeshipStartsPer1000Employees = new(IndicatorIds.ApprenticeshipStartsPer1000Employees,
        "Apprenticeship starts per 1000 staff of reporting employers", "per 1000 employees", "learning", Direction.HigherIsBetter,
        [IndicatorEvidenceKinds.ApprenticeshipStarts]);

    /// <summary>
    /// Public procurement (Contracts Finder awards linked to employers by company number): of the contract value awarded to
    /// suppliers with staff here — members or not, each award split equally among its suppliers and apportioned by
    /// headcount share — the percentage awarded to employers in a charter. Context for the council's spend, not scored.
    /// </summary>
    public static readonly IndicatorDefinition ShareAwardedValueToMembers = new(IndicatorIds.ShareAwardedValueToMembers,
        "Share of public contract value awarded to suppliers here that went to charter members", "percent", null, Direction.NotScored, []);

    /// <summary>The family <c>members.{charterId}.{tier}</c>: employers holding that tier.</summary>
    public static readonly IndicatorDefinition Members = new(IndicatorIds.MembersPrefix,
        "Employers holding a charter tier", "employers", null, Direction.NotScored, []);

    public static readonly IndicatorDefinition EmploymentRate = new(IndicatorIds.EmploymentRate,
        "Employment rate (ONS)", null, "access", Direction.HigherIsBetter, [], Official: true);

    public static readonly IndicatorDefinition EconomicallyInactive = new(IndicatorIds.EconomicallyInactive,
        "Economically inactive (ONS)", null, "access", Direction.LowerIsBetter, [], Official: true);

    public static readonly IndicatorDefinition MedianWeeklyPay = new(IndicatorIds.MedianWeeklyPay,
        "Gross median weekly pay (ONS)", null, "fair-pay", Direction.HigherIsBetter, [], Official: true);

    /// <summary>Every indicator with a fixed id (the members family aside).</summary>
    public static IReadOnlyList<IndicatorDefinition> All { get; } =
    [
        CharterEmployers, EmployeesCovered, ShareEmployeesAtRlwEmployers, ShareEmployeesFlexibleFromDayOne, ShareEmployeesUnionRecognised,
        MedianGenderPayGapMembers, ApprenticeshipStartsPer1000Employees, ShareAwardedValueToMembers, EmploymentRate, EconomicallyInactive, MedianWeeklyPay,
    ];

    private static readonly Dictionary<string, IndicatorDefinition> ById = All.ToDictionary(d => d.Id, StringComparer.Ordinal);

    /// <summary>The definition of <paramref name="id"/>; null for an indicator the table does not know (an official slug).</summary>
    public static IndicatorDefinition? Find(string id) =>
        ById.GetValueOrDefault(id) ?? (id.StartsWith(IndicatorIds.MembersPrefix, StringComparison.Ordinal) ? Members : null);
}
