using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.BuildingBlocks;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Access;

[GenerateSerializer, Alias("rgw.access.calendar-feed-state")]
internal sealed class CalendarFeedState
{
    [Id(0)] public byte[] Salt { get; set; } = [];

    /// <summary>SHA-256 of salt and secret; empty when no address is issued (or it was revoked).</summary>
    [Id(1)] public byte[] Hash { get; set; } = [];

    [Id(2)] public DateTimeOffset? IssuedAt { get; set; }

    [Id(3)] public string? IssuedBy { get; set; }
}

/// <summary>An employer's calendar feed address (<see cref="ICalendarFeedGrain"/>): a salted hash of its secret, as API keys keep theirs.</summary>
[GrainType("calendar-feed")]
internal sealed class CalendarFeedGrain(
    [PersistentState("calendar-feed")] IPersistentState<CalendarFeedState> state,
    PlatformClock clock) : Grain, ICalendarFeedGrain
{
    public async Task<CalendarFeedIssued> IssueAsync(string issuedBy)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuedBy);
        var secret = Secrets.New();
        var salt = Secrets.NewSalt();
        var now = clock.GetUtcNow();
        (state.State.Salt, state.State.Hash, state.State.IssuedAt, state.State.IssuedBy) = (salt, Secrets.HashOf(salt, secret), now, issuedBy);
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        return new CalendarFeedIssued(secret, now);
    }

    public async Task<bool> RevokeAsync()
    {
        if (state.State.Hash.Length == 0)
        {
            return false;
        }

        (state.State.Salt, state.State.Hash, state.State.IssuedAt, state.State.IssuedBy) = ([], [], null, null);
        await state.WriteOrReloadAsync(DeactivateOnIdle);
        return true;
    }

    public Task<bool> OpensAsync(string secret) =>
        Task.FromResult(!string.IsNullOrEmpty(secret) && Secrets.Matches(state.State.Salt, state.State.Hash, secret));
}
