using Orleans.Concurrency;

namespace RegionalGoodWork.Access.Contracts;

/// <summary>
/// An employer's private calendar feed address (key: the employer id): calendar applications (Outlook, Google Calendar)
/// subscribe to an address and cannot send a key, so the address itself carries a secret. Only a salted hash of it is kept;
/// issuing again replaces it (the old address stops working), revoking removes it.
/// </summary>
public interface ICalendarFeedGrain : IGrainWithStringKey
{
    /// <summary>A new secret for the feed address (shown only in this answer), replacing any earlier one.</summary>
    Task<CalendarFeedIssued> IssueAsync(string issuedBy);

    /// <summary>Revokes the address; false when none was issued.</summary>
    Task<bool> RevokeAsync();

    /// <summary>Whether <paramref name="secret"/> opens the feed (constant-time comparison with the kept hash).</summary>
    [ReadOnly]
    Task<bool> OpensAsync(string secret);
}

/// <summary>A feed address's secret, as issued (the only time it is shown), and when.</summary>
[GenerateSerializer, Immutable, Alias("rgw.access.calendar-feed-issued")]
public sealed record CalendarFeedIssued([property: Id(0)] string Secret, [property: Id(1)] DateTimeOffset IssuedAt);
