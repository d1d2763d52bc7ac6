namespace RegionalGoodWork.BuildingBlocks;

/// <summary>The one way a grain writes its state when a failed write must not leave memory ahead of storage.</summary>
public static class StateWrites
{
    /// <summary>
    /// Writes the state. When the write fails — storage down, a version conflict, or an answer lost after the row was
    /// written — memory is made to hold what storage holds: the state is read back (so a change the caller is told failed
    /// is not written by the next one, and the version is current again); if storage cannot be read either, the activation
    /// is dropped through <paramref name="deactivate"/> (a grain's <c>DeactivateOnIdle</c>), so the next call starts from
    /// storage. Then the failure is thrown to the caller.
    /// </summary>
    public static async Task WriteOrReloadAsync<TState>(this IPersistentState<TState> state, Action deactivate)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(deactivate);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            try
            {
                await state.ReadStateAsync();
            }
            catch (Exception readFailure) when (readFailure is not OutOfMemoryException)
            {
                deactivate();
            }

            throw;
        }
    }
}
