using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Places.Contracts;

/// <summary>
/// The evidence kinds (Taxonomy ids) the employer-derived indicators read. Places owns this list: the indicator
/// table in the module names, per indicator, which of these feed it.
/// </summary>
public static class IndicatorEvidenceKinds
{
    public const string RlwAccredited = "pay.rlw-accredited";
    public const string ShareStaffPaidRlw = "pay.share-staff-paid-rlw";
    public const string FlexibleFromDayOne = "flex.flexible-from-day-one";
    public const string UnionRecognised = "voice.trade-union-recognised";
    public const string GenderPayGapMedian = "equality.gender-pay-gap-median";
    public const string ApprenticeshipStarts = "learning.apprenticeship-starts";

    /// <summary>Every kind above, in this order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [RlwAccredited, ShareStaffPaidRlw, FlexibleFromDayOne, UnionRecognised, GenderPayGapMedian, ApprenticeshipStarts];
}

/// <summary>
/// What an employer contributes to each council's indicators (pure; the Employers module calls it whenever the
/// employer's sites, tiers or evidence change, and for the drift audit): one contribution per council with staff,
/// headcount summed over the sites there, and the employer-wide facts read from its current evidence.
/// </summary>
public static class EmployerContributions
{
    /// <summary>Contributions keyed by council (GSS code), each stamped with <paramref name="stamp"/>.</summary>
    /// <param name="employerId">The employer id.</param>
    /// <param name="stamp">The employer's state version (see <see cref="EmployerContribution.Stamp"/>).</param>
    /// <param name="sites">The employer's sites: council and headcount. Several sites in one council add up.</param>
    /// <param name="memberships">Every membership with the tier it holds now; null = holds none (inactive, or no tier reached).</param>
    /// <param name="evidence">The evidence in force now, by kind id; kinds not in <see cref="IndicatorEvidenceKinds"/> are ignored.</param>
    /// <param name="awardedValue">Public contract value awarded to the employer as a supplier, in pounds (see <see cref="EmployerContribution.AwardedValue"/>).</param>
    public static Dictionary<string, EmployerContribution> Compute(
        string employerId,
        long stamp,
        IEnumerable<(string LocalAuthority, int Headcount)> sites,
        IEnumerable<(string CharterId, string? HeldTier)> memberships,
        IReadOnlyDictionary<string, EvidenceValue> evidence,
        decimal awardedValue = 0m)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(memberships);
        ArgumentNullException.ThrowIfNull(evidence);
        var siteList = sites.ToList();
        var total = siteList.Sum(s => s.Headcount);
        var held = memberships
            .Where(m => m.HeldTier is not null)
            .OrderBy(m => m.CharterId, StringComparer.Ordinal)
            .Select(m => new CharterTier(m.CharterId, m.HeldTier!))
            .ToList();
        var rlw = evidence.GetValueOrDefault(IndicatorEvidenceKinds.RlwAccredited)?.Bool == true ||
                  evidence.GetValueOrDefault(IndicatorEvidenceKinds.ShareStaffPaidRlw)?.Number >= 100m;
        var flexible = evidence.GetValueOrDefault(IndicatorEvidenceKinds.FlexibleFromDayOne)?.Bool;
        var union = evidence.GetValueOrDefault(IndicatorEvidenceKinds.UnionRecognised)?.Bool;
        var gap = evidence.GetValueOrDefault(IndicatorEvidenceKinds.GenderPayGapMedian)?.Number;
        var apprenticeships = evidence.GetValueOrDefault(IndicatorEvidenceKinds.ApprenticeshipStarts)?.Number is { } n
            ? (int)Math.Min(n, int.MaxValue)
            : (int?)null;

        return siteList
            .GroupBy(s => s.LocalAuthority, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new EmployerContribution(employerId, stamp, g.Sum(s => s.Headcount), total, held.Count > 0, held, rlw, flexible,
                    union, gap, apprenticeships, Math.Max(0m, awardedValue)),
                StringComparer.Ordinal);
    }
}
