namespace RegionalGoodWork.Places.Grains;

/// <summary>
/// Coalesces writes of a grain's state: changes mark the state dirty; <see cref="FlushAsync"/> writes it, never two
/// writes at once (callers that interleave wait for the write in flight, then write again if still dirty).
/// A grain whose state changes in interleaved calls passes <paramref name="snapshot"/>: the storage provider may
/// serialise off the grain's scheduler, so it must be handed a copy no later call touches.
/// </summary>
internal sealed class StateWriter<TState>(IPersistentState<TState> state, Func<TState>? snapshot = null)
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
        }
    }
}
