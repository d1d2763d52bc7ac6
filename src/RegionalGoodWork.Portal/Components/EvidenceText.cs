using System.Globalization;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Portal.Components;

/// <summary>How evidence reads on a page: its source, its dates, its state, the unit around a form's field.</summary>
public static class EvidenceText
{
    public static string Source(EvidenceSource source) => source switch
    {
        EvidenceSource.SelfDeclared => "Self-declared",
        EvidenceSource.OfficerVerified => "Verified by a charter officer",
        EvidenceSource.PartnerVerified => "Verified by a partner",
        _ => source.ToWire(),
    };

    public static string Date(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>In force, replaced by a newer item, expired, or not in force yet — on <paramref name="today"/>.</summary>
    public static string State(EvidenceItemView item, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Current ? "In force"
            : item.ValidUntil <= today ? "Expired"
            : item.EffectiveFrom > today ? "Not in force yet"
            : "Replaced";
    }

    /// <summary>What goes before a number field ("£") and after it ("%", "per hour", "days").</summary>
    public static (string? Prefix, string? Suffix) Unit(EvidenceKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.Type switch
        {
            EvidenceType.Percent => (null, "%"),
            EvidenceType.Money => ("£", kind.Unit is { } u && u.StartsWith("GBP ", StringComparison.Ordinal) ? u[4..] : null),
            EvidenceType.Count or EvidenceType.Days => (null, string.IsNullOrEmpty(kind.Unit) ? null : kind.Unit),
            _ => (null, null),
        };
    }
}
