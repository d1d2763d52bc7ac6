using Microsoft.Extensions.Logging;

namespace RegionalGoodWork.Charters;

/// <summary>
/// Reminder changes that must not fail their caller: a failure is logged and put right later (a reminder that could not
/// be armed waits for the next activation; one that could not be removed removes itself at its next tick).
/// </summary>
internal static class GrainReminders
{
    /// <summary>Registers (or re-times) the reminder with <paramref name="period"/> as due time and period; false when it failed.</summary>
    public static async Task<bool> TryRegisterReminderAsync(this Grain grain, string name, TimeSpan period, ILogger logger)
    {
        try
        {
            await grain.RegisterOrUpdateReminder(name, period, period);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ChartersLog.ReminderFailed(logger, ex, grain.GetGrainId().ToString(), name);
            return false;
        }
    }

    /// <summary>Removes the reminder if the grain holds it; false when that failed.</summary>
    public static async Task<bool> TryRemoveReminderAsync(this Grain grain, string name, ILogger logger)
    {
        try
        {
            if (await grain.GetReminder(name) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            ChartersLog.ReminderFailed(logger, ex, grain.GetGrainId().ToString(), name);
            return false;
        }
    }
}
