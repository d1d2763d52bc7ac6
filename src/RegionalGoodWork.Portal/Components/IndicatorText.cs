using System.Globalization;
using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Portal.Components;

/// <summary>The words and number formats people read for indicators (ids and units: Places.Contracts).</summary>
public static class IndicatorText
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [IndicatorIds.CharterEmployers] = "Charter employers",
        [IndicatorIds.EmployeesCovered] = "Staff of charter employers",
        [IndicatorIds.ShareEmployeesAtRlwEmployers] = "Staff at real Living Wage employers",
        [IndicatorIds.ShareEmployeesFlexibleFromDayOne] = "Staff offered flexible work from day one",
        [IndicatorIds.ShareEmployeesUnionRecognised] = "Staff at employers recognising a trade union",
        [IndicatorIds.MedianGenderPayGapMembers] = "Members' median gender pay gap",
        [IndicatorIds.ApprenticeshipStartsPer1000Employees] = "Apprenticeship starts per 1,000 staff",
        [IndicatorIds.ShareAwardedValueToMembers] = "Public contract value awarded to members",
        [IndicatorIds.EmploymentRate] = "Employment rate",
        [IndicatorIds.MedianWeeklyPay] = "Median weekly pay",
        [IndicatorIds.EconomicallyInactive] = "Economically inactive",
    };

    /// <summary>The indicators every region's dashboard leads with, in this order (others follow in the order given).</summary>
    public static IReadOnlyList<string> Headline { get; } =
    [
        IndicatorIds.CharterEmployers, IndicatorIds.EmployeesCovered, IndicatorIds.ShareEmployeesAtRlwEmployers,
        IndicatorIds.EmploymentRate, IndicatorIds.MedianWeeklyPay, IndicatorIds.EconomicallyInactive,
        IndicatorIds.ShareEmployeesFlexibleFromDayOne, IndicatorIds.ShareEmployeesUnionRecognised,
        IndicatorIds.MedianGenderPayGapMembers, IndicatorIds.ApprenticeshipStartsPer1000Employees,
    ];

    public static string Label(string id) => Labels.TryGetValue(id, out var label) ? label : id;

    /// <summary>True for figures from official statistics (imported), false for figures from charter employers.</summary>
    public static bool IsOfficial(Indicator indicator) => indicator.Basis.Employers is null;

    public static string Format(decimal value, string unit) => unit switch
    {
        "percent" => value.ToString("0.0", CultureInfo.InvariantCulture) + "%",
        "GBP" => "£" + value.ToString("#,##0.00", CultureInfo.InvariantCulture),
        "employers" or "employees" => value.ToString("#,##0", CultureInfo.InvariantCulture),
        "per 1000 employees" => value.ToString("#,##0.#", CultureInfo.InvariantCulture),
        _ => value.ToString("#,##0.##", CultureInfo.InvariantCulture),
    };
}
