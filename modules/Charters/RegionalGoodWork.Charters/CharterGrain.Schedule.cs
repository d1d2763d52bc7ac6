using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Charters;

/// <summary>
/// Versions on a date: a version published with an effective date is stored at once; joiners join the version in force
/// (the newest whose date has come), the existing members keep theirs until the new one's date + its grace period. Its
/// fan-out is owed from the publish (written with the version, the <c>fan-out-hand-over</c> reminder armed first) and
/// handed over only once that date has come on the business clock: the reminder's ticks (every
/// <c>FanOutReminderPeriod</c>, durable across restarts) look again until then.
/// </summary>
internal sealed partial class CharterGrain
{
    /// <summary>The longest grace period a version may give its members.</summary>
    public const int MaxGracePeriodDays = 366;

    /// <summary>The version the existing members are to be on by the business date last caught up on (this activation).</summary>
    private int caughtUpTo;

    /// <summary>The number of the version the existing members are to be on today; 0 when none is published.</summary>
    private int ForMembersVersion => CharterVersion.ForMembersOn(state.State.Versions, clock.Today)?.Version ?? 0;

    /// <summary>Whether a fan-out is owed and its version's members move today or earlier (so it is to be handed over now).</summary>
    private bool OwedFanOutIsDue =>
        state.State.FanOut is { } owed && owed.Version <= state.State.Versions.Count && state.State.Versions[owed.Version - 1].MembersMoveOn <= clock.Today;

    public Task<Outcome<CharterVersion>> PublishScheduledAsync(DateOnly effectiveFrom, int gracePeriodDays)
    {
        var errors = new ValidationErrors();
        if (effectiveFrom < clock.Today)
        {
            errors.Add("effectiveFrom", $"{effectiveFrom:yyyy-MM-dd} has passed: a version applies from today ({clock.Today:yyyy-MM-dd}) or later.");
        }
        else if (state.State.Versions.Count == 0)
        {
            errors.Add("effectiveFrom", $"Charter '{CharterId}' has no published version yet: its first version applies when published (publish without effectiveFrom).");
        }

        if (gracePeriodDays is < 0 or > MaxGracePeriodDays)
        {
            errors.Add("gracePeriodDays", $"A whole number of days from 0 to {MaxGracePeriodDays}.");
        }

        return errors.Any ? Task.FromResult<Outcome<CharterVersion>>(Problem.Invalid(errors)) : PublishAsync(effectiveFrom, gracePeriodDays);
    }

    public Task<CharterVersion?> GetInForceAsync() => Task.FromResult(CharterVersion.InForceOn(state.State.Versions, clock.Today));

    public Task<CharterVersion?> GetForMembersAsync() => Task.FromResult(CharterVersion.ForMembersOn(state.State.Versions, clock.Today));

    /// <summary>
    /// At a hand-over reminder tick while a scheduled fan-out waits for its date: when the business date brought another
    /// version's move (an earlier scheduled version now due while a later one waits), the members behind it are caught up.
    /// </summary>
    private async Task CatchUpOnNewDayAsync()
    {
        if (ForMembersVersion > caughtUpTo)
        {
            await CatchUpMembersBehindAsync();
        }
    }
}
