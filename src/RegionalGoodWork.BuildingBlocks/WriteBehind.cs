using Orleans.Runtime;
using Microsoft.Extensions.Logging;

namespace RegionalGoodWork.BuildingBlocks;

/// <summary>
/// Write-behind for a derived view's grain state (member indexes, councils, regions): a change marks the state dirty
/// and arms one timer; when it fires, every change made since is stored in one write. With a delay of zero or less the
/// state is written through instead. Never two writes at once: a flush waits for the write in flight, then writes
/// again if still dirty. A failed timed flush is logged and retried after the delay; deactivation flushes.
/// A change may name the entry it touched (an employer's line in the view): <see cref="IsStored"/> then says whether
/// that entry's last change is in storage, which the view passes back in its <c>ViewReceipt</c>, so the employer keeps
/// the change owed until then (a crash inside the delay loses memory, never an owed change).
/// </summary>
/// <remarks>
/// A grain whose state changes in interleaved calls passes a snapshot function: the storage provider may serialise off
/// the grain's scheduler, so it must be handed a copy no later call touches.
/// </remarks>
public sealed partial class WriteBehind<TState>
{
    private readonly IGrainBase grain;
    private readonly IPersistentState<TState> state;
    private readonly TimeSpan delay;
    private readonly ILogger logger;
    private readonly Func<TState>? snapshot;
    private readonly Dictionary<string, long> unstored = new(StringComparer.Ordinal);
    private bool dirty;
    private long changes;
    private Task writing = Task.CompletedTask;
    private IGrainTimer? timer;

    public WriteBehind(IGrainBase grain, IPersistentState<TState> state, TimeSpan delay, ILogger logger, Func<TState>? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(logger);
        this.grain = grain;
        this.state = state;
        this.delay = delay;
        this.logger = logger;
        this.snapshot = snapshot;
    }

    /// <summary>
    /// Records a change: written through when the delay is zero or less (returns once stored, throws if that write
    /// failed), otherwise written by the timer within the delay. <paramref name="entries"/>: the entries changed, for
    /// <see cref="IsStored"/>.
    /// </summary>
    public Task ChangedAsync(IEnumerable<string>? entries = null)
    {
        Record(entries);
        if (delay <= TimeSpan.Zero)
        {
            return FlushAsync();
        }

        Arm();
        return Task.CompletedTask;
    }

    /// <summary>Writes now (for changes that must be stored before the caller is answered). Throws if the write failed.</summary>
    public Task WriteNowAsync()
    {
        Record(null);
        return FlushAsync();
    }

    /// <summary>
    /// True when the last change to <paramref name="entry"/> is in storage (also when this activation never changed
    /// it: what it holds was read from storage).
    /// </summary>
    public bool IsStored(string entry) => !unstored.ContainsKey(entry);

    /// <summary>Returns once every change made before the call is stored; throws if that write failed.</summary>
    public async Task FlushAsync()
    {
        while (true)
        {
            if (!writing.IsCompleted)
            {
                await writing;
                continue;
            }

            if (!dirty)
            {
                return;
            }

            dirty = false;
            var upTo = changes;
            if (snapshot is not null)
            {
                state.State = snapshot();
            }

            var write = state.WriteStateAsync();
            writing = write;
            try
            {
                await write;
            }
            catch
            {
                dirty = true;
                throw;
            }

            // Changes recorded while the write was in flight may have missed it: they stay unstored.
            if (unstored.Count > 0)
            {
                foreach (var (entry, change) in unstored.ToList())
                {
                    if (change <= upTo)
                    {
                        unstored.Remove(entry);
                    }
                }
            }
        }
    }

    /// <summary>Call from the grain's <c>OnDeactivateAsync</c>: stores what is pending.</summary>
    public Task OnDeactivateAsync() => FlushAsync();

    private void Record(IEnumerable<string>? entries)
    {
        dirty = true;
        changes++;
        foreach (var entry in entries ?? [])
        {
            unstored[entry] = changes;
        }
    }

    private void Arm() =>
        timer ??= grain.RegisterGrainTimer(
            async _ =>
            {
                timer?.Dispose();
                timer = null;
                try
                {
                    await FlushAsync();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    LogFlushFailed(logger, ex, grain.GrainContext.GrainId.ToString(), delay);
                    Arm();
                }
            },
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Grain}: a written-behind state could not be stored; it is tried again in {Delay}")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string grain, TimeSpan delay);
}
