using System.Globalization;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Host.Api;

/// <summary>The words the audit trail keeps for a change: what it was before and after, never a secret.</summary>
internal static class AuditSummaries
{
    /// <summary><c>created: name 'X', …</c>, or the fields that changed as <c>before → after</c>.</summary>
    public static string Profile(EmployerProfile? before, EmployerProfile after)
    {
        if (before is null)
        {
            return $"created: name '{after.Name}', company number {after.CompanyNumber ?? "none"}, sites {Sites(after)}";
        }

        var changes = new List<string>();
        Change("name", $"'{before.Name}'", $"'{after.Name}'");
        Change("company number", before.CompanyNumber ?? "none", after.CompanyNumber ?? "none");
        Change("SIC codes", string.Join(" ", before.SicCodes), string.Join(" ", after.SicCodes));
        Change("sites", Sites(before), Sites(after));
        return changes.Count == 0 ? "saved unchanged" : string.Join("; ", changes);

        void Change(string field, string was, string now)
        {
            if (was != now)
            {
                changes.Add($"{field} {was} → {now}");
            }
        }
    }

    /// <summary>The items added (kind and source; values stay in the locker) and the tiers that moved.</summary>
    public static string? Evidence(IReadOnlyList<EvidenceItemInput?> items, EvidenceSource source, EvidenceSubmitted? submitted)
    {
        if (submitted is null)
        {
            return null;
        }

        var added = items.OfType<EvidenceItemInput>().Select(i => $"{i.Kind} ({i.Source ?? source.ToWire()})");
        var moves = submitted.Memberships.Where(m => m.Moved).Select(m => $"{m.CharterId} {m.TierBefore ?? "none"} → {m.TierAfter ?? "none"}").ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{submitted.Accepted.Count} item(s) added: {string.Join(", ", added)}") +
            (moves.Count > 0 ? $"; tiers: {string.Join(", ", moves)}" : "");
    }

    private static string Sites(EmployerProfile profile) =>
        profile.Sites.Count == 0 ? "none" : string.Join(" ", profile.Sites.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.LocalAuthority}×{s.Headcount}")));
}
