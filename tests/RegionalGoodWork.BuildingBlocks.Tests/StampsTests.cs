using RegionalGoodWork.BuildingBlocks;

namespace RegionalGoodWork.BuildingBlocks.Tests;

public sealed class StampsTests
{
    [Fact]
    public void Compare_NothingHeld_IsNewer() => Assert.Equal(StampOrder.Newer, Stamps.Compare(null, 0));

    [Theory]
    [InlineData(4, 5, StampOrder.Newer)]
    [InlineData(5, 5, StampOrder.Same)]
    [InlineData(5, 4, StampOrder.Older)]
    [InlineData(long.MaxValue, 0, StampOrder.Older)]
    public void Compare_AgainstAHeldStamp_OrdersByValue(long held, long incoming, StampOrder expected) =>
        Assert.Equal(expected, Stamps.Compare(held, incoming));

    [Fact]
    public void Compare_ManyDeliveriesInAnyOrder_KeepOnlyTheNewest()
    {
        // A view that applies only Newer changes ends on the highest stamp, whatever the order it is told in.
        long? held = null;
        foreach (var stamp in new long[] { 3, 1, 3, 7, 2, 7, 5 })
        {
            if (Stamps.Compare(held, stamp) == StampOrder.Newer)
            {
                held = stamp;
            }
        }

        Assert.Equal(7, held);
    }
}
