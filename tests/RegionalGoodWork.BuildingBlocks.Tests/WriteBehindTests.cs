using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Runtime;
using RegionalGoodWork.BuildingBlocks;

namespace RegionalGoodWork.BuildingBlocks.Tests;

/// <summary>
/// What a view's receipt rests on: an entry is stored only once a write that started after its change has succeeded.
/// (Written through here, delay zero, so no grain timer is involved; each storage write is completed by the test.)
/// </summary>
public sealed class WriteBehindTests
{
    private readonly Storage storage = new();

    private WriteBehind<List<string>> Writer() => new(new NoGrain(), storage, TimeSpan.Zero, NullLogger.Instance);

    [Fact]
    public void IsStored_AnEntryNeverChangedHere_IsStored() => Assert.True(Writer().IsStored("acme"));

    [Fact]
    public async Task IsStored_WhileItsWriteIsInFlight_IsFalse_AndTrueOnceTheWriteSucceeded()
    {
        var writer = Writer();
        var changed = writer.ChangedAsync(["acme"]);

        Assert.False(writer.IsStored("acme"));
        storage.Complete();
        await changed;

        Assert.True(writer.IsStored("acme"));
        Assert.Equal(1, storage.Writes);
    }

    [Fact]
    public async Task IsStored_AChangeMadeWhileAWriteWasInFlight_WaitsForTheNextWrite()
    {
        var writer = Writer();
        var first = writer.ChangedAsync(["acme"]);
        var second = writer.ChangedAsync(["beta"]); // the first write may have serialised the state already

        storage.Complete();
        Assert.Equal(2, storage.Writes);
        Assert.True(writer.IsStored("acme"));
        Assert.False(writer.IsStored("beta"));

        storage.Complete();
        await Task.WhenAll(first, second);
        Assert.True(writer.IsStored("beta"));
    }

    [Fact]
    public async Task IsStored_AfterAFailedWrite_StaysFalse_UntilAWriteSucceeds()
    {
        var writer = Writer();
        var failed = writer.ChangedAsync(["acme"]);
        storage.Fail();

        await Assert.ThrowsAsync<TimeoutException>(() => failed);
        Assert.False(writer.IsStored("acme"));

        var retried = writer.FlushAsync();
        storage.Complete();
        await retried;
        Assert.True(writer.IsStored("acme"));
    }

    private sealed class NoGrain : IGrainBase
    {
        public IGrainContext GrainContext => throw new NotSupportedException("no timer is armed when writing through");
    }

    /// <summary>A grain state whose writes wait until the test completes or fails them, one at a time.</summary>
    private sealed class Storage : IPersistentState<List<string>>
    {
        private TaskCompletionSource? pending;

        public int Writes { get; private set; }

        public List<string> State { get; set; } = [];

        public string? Etag => null;

        public bool RecordExists => Writes > 0;

        public Task WriteStateAsync()
        {
            Writes++;
            pending = new TaskCompletionSource(); // continuations run inline, in order, as on a grain's one thread
            return pending.Task;
        }

        public void Complete() => pending!.SetResult();

        public void Fail() => pending!.SetException(new TimeoutException("storage unreachable"));

        public Task ClearStateAsync() => Task.CompletedTask;

        public Task ReadStateAsync() => Task.CompletedTask;
    }
}
