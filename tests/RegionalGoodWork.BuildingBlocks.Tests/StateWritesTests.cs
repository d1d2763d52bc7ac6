using RegionalGoodWork.BuildingBlocks;

namespace RegionalGoodWork.BuildingBlocks.Tests;

/// <summary>After a failed write, memory holds what storage holds: read back, or the activation dropped.</summary>
public sealed class StateWritesTests
{
    [Fact]
    public async Task WriteOrReload_WriteFails_ReadsTheStoredStateBack_AndThrows()
    {
        var storage = new Storage { Stored = ["kept"], State = ["kept", "not written"], FailWrites = true };
        var deactivated = false;

        var thrown = await Assert.ThrowsAsync<TimeoutException>(() => storage.WriteOrReloadAsync(() => deactivated = true));

        Assert.Equal("storage unreachable", thrown.Message);
        Assert.Equal(["kept"], storage.State);
        Assert.False(deactivated);
    }

    [Fact]
    public async Task WriteOrReload_StorageCannotBeReadEither_DropsTheActivation()
    {
        var storage = new Storage { State = ["not written"], FailWrites = true, FailReads = true };
        var deactivated = false;

        await Assert.ThrowsAsync<TimeoutException>(() => storage.WriteOrReloadAsync(() => deactivated = true));

        Assert.True(deactivated);
    }

    [Fact]
    public async Task WriteOrReload_WriteSucceeds_StoresAndReadsNothing()
    {
        var storage = new Storage { State = ["new"] };

        await storage.WriteOrReloadAsync(() => throw new InvalidOperationException("not dropped"));

        Assert.Equal(["new"], storage.Stored);
        Assert.Equal(0, storage.Reads);
    }

    private sealed class Storage : IPersistentState<List<string>>
    {
        public List<string> Stored { get; set; } = [];

        public bool FailWrites { get; init; }

        public bool FailReads { get; init; }

        public int Reads { get; private set; }

        public List<string> State { get; set; } = [];

        public string? Etag => null;

        public bool RecordExists => Stored.Count > 0;

        public Task WriteStateAsync()
        {
            if (FailWrites)
            {
                return Task.FromException(new TimeoutException("storage unreachable"));
            }

            Stored = [.. State];
            return Task.CompletedTask;
        }

        public Task ReadStateAsync()
        {
            Reads++;
            if (FailReads)
            {
                return Task.FromException(new TimeoutException("storage unreadable"));
            }

            State = [.. Stored];
            return Task.CompletedTask;
        }

        public Task ClearStateAsync() => Task.CompletedTask;
    }
}
