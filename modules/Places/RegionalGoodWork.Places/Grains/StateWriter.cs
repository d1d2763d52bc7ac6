namespace RegionalGoodWork.Places.Grains;

/// <summary>
/// Coalesces writes of a grain's state: changes mark the state dirty; <see cref="FlushAsync"/> writes it, never two
/// writes at once (callers that interleave wait for the write in flight, then write again if still dirty).
/// </summary>
internal sealed class StateWriter<TState>(IPersistentState<TState> state)
{
    private bool dirty;
    private Task writing = Task.CompletedTask;

    public bool IsDirty => dirty;

    public void MarkDirty() => dirty = true;

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
        }
    }
}
