using System.Globalization;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Employers.Calendar;

/// <summary>
/// What the calendar's sources read, as of <see cref="Today"/> (the business date): the active memberships (with their
/// last assessment), the published versions they are on (by charter id; one that could not be read is missing), every
/// evidence item the locker holds (superseded ones moved to archive pages never count again, so none is missing here), the
/// catalogue of kinds, and each of those charters' latest published version (a scheduled one included; by charter id).
/// </summary>
internal sealed record CalendarFacts(
    DateOnly Today,
    IReadOnlyList<Membership> Active,
    IReadOnlyDictionary<string, CharterVersion> Versions,
    IReadOnlyList<EvidenceRecord> Evidence,
    EvidenceCatalogue Kinds,
    IReadOnlyDictionary<string, CharterVersion>? LatestVersions = null)
{
    /// <summary>Each charter's latest published version (none when they were not read).</summary>
    public IReadOnlyDictionary<string, CharterVersion> Latest => LatestVersions ?? new Dictionary<string, CharterVersion>();

    /// <summary>A charter's name as its version says it (its id when the version could not be read).</summary>
    public string CharterName(string charterId) => Versions.GetValueOrDefault(charterId)?.Definition.Name ?? charterId;

    /// <summary>The charters named for a person: "A", "A and B", "A, B and C".</summary>
    public string CharterNames(IEnumerable<string> charterIds) => Join(charterIds.Select(CharterName).ToList());

    public static string Join(IReadOnlyList<string> parts) =>
        parts.Count <= 1 ? string.Concat(parts) : $"{string.Join(", ", parts.Take(parts.Count - 1))} and {parts[^1]}";

    /// <summary>A date as a person reads it: <c>1 June 2026</c>.</summary>
    public static string Day(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}

/// <summary>
/// One kind of due date. Each source reads the facts and answers its entries (dates before today are dropped by the
/// builder); adding a kind is adding one source.
/// </summary>
internal interface ICalendarSource
{
    IEnumerable<CalendarEntry> Entries(CalendarFacts facts);
}

/// <summary>
/// The renewal calendar: one builder over small sources, one per <see cref="CalendarKinds"/> value. Pure. Every entry
/// from today on (all that is known: evidence lapses and announced pay-by dates as far ahead as they are, the next
/// anniversary of each membership), earliest first, then by kind and subject.
/// </summary>
internal static class RenewalCalendar
{
    public static IReadOnlyList<ICalendarSource> Sources { get; } =
        [new EvidenceExpiries(), new PayByDates(), new AnnualReviews(), new VersionMoves(), new ReviewDates()];

    public static IReadOnlyList<CalendarEntry> Build(CalendarFacts facts, IEnumerable<ICalendarSource>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return (sources ?? Sources)
            .SelectMany(s => s.Entries(facts))
            .Where(e => e.Date >= facts.Today)
            .OrderBy(e => e.Date)
            .ThenBy(e => e.Kind, StringComparer.Ordinal)
            .ThenBy(e => e.Subject, StringComparer.Ordinal)
            .ToList();
    }
}
