using Microsoft.Extensions.Logging;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers.Expiry;

/// <summary>
/// The employer's one expiry reminder, at midnight UTC of the next day an evidence item starts or stops being in
/// force (not one reminder per item). Remembers what the reminder row is known to say, so a change that does not move
/// the day costs no reminder write; a failed registration makes it unknown, and the next change registers again.
/// </summary>
internal sealed class ExpiryReminder(IGrainBase grain, PlatformClock clock, string employerId, ILogger logger)
{
    public const string Name = "evidence-expiry";

    /// <summary>
    /// The reminder fires first at the due day; the period only matters if a firing fails to re-arm it (then it is
    /// tried again a day later).
    /// </summary>
    public static readonly TimeSpan Period = TimeSpan.FromDays(1);

    private (bool Known, DateOnly? Due) armed;

    /// <summary>
    /// Call on activation with the day the state says the reminder is armed for. The state is written before the
    /// reminder is registered, so a silo that died in between left a due day with no reminder row: it is registered
    /// again here (one reminder-table read per activation that has a due day).
    /// </summary>
    public async Task LoadedAsync(DateOnly? due)
    {
        armed = (false, null);
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

    /// <summary>Keeps the reminder at <paramref name="due"/>, or removes it when null. <paramref name="force"/>: even if it is known to be so.</summary>
    public async Task ArmAsync(DateOnly? due, bool force = false)
    {
        if (!force && armed.Known && armed.Due == due)
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
