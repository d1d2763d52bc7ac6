namespace RegionalGoodWork.Employers.Contracts;

/// <summary>
/// One due date of an employer's renewal calendar (<c>GET /employers/{id}/calendar</c>): on <see cref="Date"/>, something of
/// <see cref="Kind"/> (<see cref="CalendarKinds"/>) falls due for the charters <see cref="CharterIds"/>. <see cref="What"/> says
/// it in a sentence for a person, <see cref="Title"/> in a few words (a calendar event's summary). <see cref="Subject"/> is
/// what the entry is about (an evidence kind id, a charter id): with the employer, kind and date it names the entry stably
/// across fetches (the iCalendar UID), so a changed description does not make a new event.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.calendar-entry")]
public sealed record CalendarEntry(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] string Kind,
    [property: Id(2)] IReadOnlyList<string> CharterIds,
    [property: Id(3)] string What,
    [property: Id(4)] string Subject,
    [property: Id(5)] string Title);

/// <summary>
/// An employer's renewal calendar: every due date from <see cref="From"/> (the business date) on, earliest first, as of
/// <see cref="ComputedAt"/> (the platform clock), for the employer named <see cref="EmployerName"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.calendar")]
public sealed record EmployerCalendar(
    [property: Id(0)] string EmployerId,
    [property: Id(1)] string EmployerName,
    [property: Id(2)] DateOnly From,
    [property: Id(3)] DateTimeOffset ComputedAt,
    [property: Id(4)] IReadOnlyList<CalendarEntry> Entries);

/// <summary>The <see cref="CalendarEntry.Kind"/> values: short, stable strings partners may switch on.</summary>
public static class CalendarKinds
{
    /// <summary>The day the employer's current evidence of a kind stops being in force (nothing newer already takes over).</summary>
    public const string EvidenceExpires = "evidence-expires";

    /// <summary>An announced wage rate's pay-by date that fails a requirement met today, unless a new figure is reported.</summary>
    public const string PayBy = "pay-by";

    /// <summary>The next anniversary of joining a charter.</summary>
    public const string AnnualReview = "annual-review";

    /// <summary>The day a membership moves to its charter's newer version (its date plus the grace period).</summary>
    public const string VersionMoves = "version-moves";

    /// <summary>The day an item an officer's approval rests on stops being in force: a new decision falls due (officer review).</summary>
    public const string ReviewDue = "review-due";
}
