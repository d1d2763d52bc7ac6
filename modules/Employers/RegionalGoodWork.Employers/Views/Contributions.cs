using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Employers.Views;

/// <summary>
/// What the employer contributes to each council's indicators (pure): one contribution per council with staff,
/// headcount summed over the sites there, and the employer-wide facts read from the current evidence.
/// </summary>
internal static class Contributions
{
    public const string RlwAccredited = "pay.rlw-accredited";
    public const string ShareStaffPaidRlw = "pay.share-staff-paid-rlw";
    public const string FlexibleFromDayOne = "flex.flexible-from-day-one";
    public const string UnionRecognised = "voice.trade-union-recognised";
    public const string GenderPayGapMedian = "equality.gender-pay-gap-median";
    public const string ApprenticeshipStarts = "learning.apprenticeship-starts";

    /// <summary>Contributions keyed by council, stamped with <paramref name="stamp"/>.</summary>
    public static Dictionary<string, EmployerContribution> Compute(
        string employerId,
        long stamp,
        IReadOnlyList<Site> sites,
        IEnumerable<Membership> memberships,
        IReadOnlyDictionary<string, EvidenceRecord> current)
    {
        var total = sites.Sum(s => s.Headcount);
        var held = memberships
            .Where(m => m.HeldTier is not null)
            .OrderBy(m => m.CharterId, StringComparer.Ordinal)
            .Select(m => new CharterTier(m.CharterId, m.HeldTier!))
            .ToList();
        var rlw = current.GetValueOrDefault(RlwAccredited)?.Value.Bool == true ||
                  current.GetValueOrDefault(ShareStaffPaidRlw)?.Value.Number >= 100m;
        var flexible = current.GetValueOrDefault(FlexibleFromDayOne)?.Value.Bool;
        var union = current.GetValueOrDefault(UnionRecognised)?.Value.Bool;
        var gap = current.GetValueOrDefault(GenderPayGapMedian)?.Value.Number;
        var apprenticeships = current.GetValueOrDefault(ApprenticeshipStarts)?.Value.Number is { } n
            ? (int)Math.Min(n, int.MaxValue)
            : (int?)null;

        return sites
            .GroupBy(s => s.LocalAuthority, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new EmployerContribution(employerId, stamp, g.Sum(s => s.Headcount), total, held.Count > 0, held, rlw, flexible,
                    union, gap, apprenticeships),
                StringComparer.Ordinal);
    }
}
