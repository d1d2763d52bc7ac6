using Microsoft.Extensions.Logging;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers.Expiry;

/// <summary>
/// The employer's one reminder. Normally at midnight UTC of the next day an evidence item starts or stops being in
/// force (not one reminder per item). While a change is owed to a view it is in wake mode instead: it fires every
/// wake period, so an employer whose silo died re-activates and tells its views again; wake mode is entered before
/// the state write that makes a change owed, and ended (back to the day) once every view has stored it. Remembers what
/// the reminder row is known to say, so a change that does not move the day costs no reminder write; a failed
/// registration makes it unknown, and the next change registers again.
/// </summary>
internal sealed class ExpiryReminder(IGrainBase grain, PlatformClock clock, string employerId, TimeSpan wakePeriod, ILogger logger)
{
    public const string Name = "evidence-expiry";

    /// <summary>
    /// The reminder fires first at the due day; the period only matters if a firing fails to re-arm it (then it is
    /// tried again a day later).
    /// </summary>
    public static readonly TimeSpan Period = TimeSpan.FromDays(1);

    private (bool Known, DateOnly? Due) armed;
    private DateOnly? wanted;

    /// <summary>True while the reminder is known to be in wake mode.</summary>
    public bool Waking { get; private set; }

    /// <summary>
    /// Call on activation with the day the state says the reminder is armed for, and whether the state owes views a
    /// change. The state is written before the day's reminder is registered, so a silo that died in between left a due
    /// day with no reminder row: it is registered again here (one reminder-table read per activation that has a due
    /// day). With views owed the row may be in either mode: the next arm registers whatever is wanted then.
    /// </summary>
    public async Task LoadedAsync(DateOnly? due, bool owed)
    {
        armed = (false, null);
        wanted = due;
        Waking = false;
        if (owed)
        {
            return;
        }

        if (due is null)
        {
            armed = (true, null);
            return;
        }

        try
        {
            if (await grain.GetReminder(Name) is not null)
            {
                armed = (true, due);
                return;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            EmployersLog.ReminderFailed(logger, ex, employerId, due);
            return;
        }

        await ArmAsync(due, force: true);
    }

    /// <summary>
    /// Puts the reminder in wake mode unless it is known to be in it. Throws when that fails: the caller must not then
    /// write a state that owes views a change (nothing would wake it after a crash).
    /// </summary>
    public async Task EnsureWakingAsync()
    {
        if (Waking)
        {
            return;
        }

        armed = (false, null);
        await grain.RegisterOrUpdateReminder(Name, wakePeriod, wakePeriod);
        Waking = true;
    }

    /// <summary>Every view has stored what it was owed: back to the day (or no reminder).</summary>
    public async Task EndWakingAsync()
    {
        if (!Waking)
        {
            return;
        }

        Waking = false;
        await ArmAsync(wanted, force: true);
    }

    /// <summary>
    /// Keeps the reminder at <paramref name="due"/>, or removes it when null. <paramref name="force"/>: even if it is
    /// known to be so. In wake mode the day is only remembered, and armed when waking ends.
    /// </summary>
    public async Task ArmAsync(DateOnly? due, bool force = false)
    {
        wanted = due;
        if (Waking || (!force && armed.Known && armed.Due == due))
        {
            return;
        }

        try
        {
            if (due is { } day)
            {
                var wait = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) - clock.GetUtcNow();
                await grain.RegisterOrUpdateReminder(Name, wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Period);
            }
            else if (await grain.GetReminder(Name) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }

            armed = (true, due);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            armed = (false, null);
            EmployersLog.ReminderFailed(logger, ex, employerId, due);
        }
    }
}
