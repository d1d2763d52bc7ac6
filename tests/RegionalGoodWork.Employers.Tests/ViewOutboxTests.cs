using RegionalGoodWork.Employers.Views;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers.Tests;

/// <summary>The outbox's one mechanism for telling views: owed until a view has stored it, confirmed only by a receipt saying so.</summary>
public sealed class ViewOutboxTests
{
    private sealed record Line(string Text, long Stamp);

    private readonly Dictionary<string, Line> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> told = new(StringComparer.Ordinal);
    private readonly List<(string View, Line Line)> delivered = [];
    private readonly HashSet<string> unreachable = new(StringComparer.Ordinal);
    private readonly HashSet<string> holdingInMemory = new(StringComparer.Ordinal);

    private ViewChannel<Line> Channel() => new(
        () => entries, () => told, l => l.Stamp, (a, b) => a.Text == b.Text,
        (view, line) =>
        {
            if (unreachable.Contains(view))
            {
                throw new TimeoutException($"{view} is unreachable");
            }

            delivered.Add((view, line));
            return Task.FromResult(!holdingInMemory.Contains(view));
        });

    private static async Task TellAsync(ViewChannel<Line> channel)
    {
        foreach (var delivery in channel.Untold())
        {
            try
            {
                if (await delivery.Deliver())
                {
                    delivery.Confirm();
                }
            }
            catch (TimeoutException)
            {
                // Left owed, as the outbox does.
            }
        }
    }

    [Fact]
    public void Set_SameContentWithANewerStamp_IsNoChange_AndKeepsTheOldStamp()
    {
        var channel = Channel();

        Assert.True(channel.Set("E08000003", new Line("50 staff", 1)));
        Assert.False(channel.Set("E08000003", new Line("50 staff", 2)));

        Assert.Equal(1, channel.Get("E08000003")!.Stamp);
    }

    [Fact]
    public async Task Tell_ADeliveredEntry_IsConfirmed_AndNotToldAgain()
    {
        var channel = Channel();
        channel.Set("E08000003", new Line("50 staff", 1));

        await TellAsync(channel);
        await TellAsync(channel);

        Assert.Single(delivered);
        Assert.False(channel.HasUntold);
        Assert.Equal(1, told["E08000003"]);
    }

    [Fact]
    public async Task Tell_AnUnreachableView_StaysOwed_AndIsDeliveredOnceReachable()
    {
        var channel = Channel();
        channel.Set("E08000003", new Line("50 staff", 1));
        channel.Set("E08000001", new Line("10 staff", 1));
        unreachable.Add("E08000001");

        await TellAsync(channel);

        Assert.True(channel.HasUntold);
        Assert.Equal(["E08000003"], delivered.Select(d => d.View));
        Assert.False(told.ContainsKey("E08000001"));

        unreachable.Clear();
        await TellAsync(channel);

        Assert.False(channel.HasUntold);
        Assert.Equal(["E08000003", "E08000001"], delivered.Select(d => d.View));
    }

    [Fact]
    public async Task Tell_AChangeAfterAConfirmation_IsOwedAgain_WithItsNewStamp()
    {
        var channel = Channel();
        channel.Set("gm-gec", new Line("supporter", 1));
        await TellAsync(channel);

        channel.Set("gm-gec", new Line("member", 4));

        Assert.True(channel.HasUntold);
        await TellAsync(channel);
        Assert.Equal(("gm-gec", new Line("member", 4)), delivered[^1]);
        Assert.Equal(4, told["gm-gec"]);
    }

    [Fact]
    public async Task Tell_AViewHoldingTheChangeOnlyInMemory_StaysOwed_AndIsConfirmedOnceItSaysStored()
    {
        var channel = Channel();
        channel.Set("E08000003", new Line("50 staff", 1));
        holdingInMemory.Add("E08000003");

        await TellAsync(channel);

        Assert.True(channel.HasUntold);
        Assert.False(told.ContainsKey("E08000003"));

        holdingInMemory.Clear();
        await TellAsync(channel);

        Assert.False(channel.HasUntold);
        Assert.Equal(1, told["E08000003"]);
        Assert.Equal(2, delivered.Count);
    }

    private static bool Gone(Line l) => l.Text == "gone";

    [Fact]
    public void Judge_TheViewHoldingThePlannedLine_IsInSync_AndAViewBehindIsToldAgain()
    {
        var channel = Channel();
        channel.Set("E08000003", new Line("50 staff", 4));

        Assert.Equal(ViewRepair.InSync, channel.Judge("E08000003", new Line("50 staff", 0), new Line("50 staff", 4), 6, Gone));
        Assert.Equal(ViewRepair.Retell, channel.Judge("E08000003", new Line("50 staff", 0), new Line("40 staff", 2), 6, Gone));
        Assert.Equal(ViewRepair.Retell, channel.Judge("E08000003", new Line("50 staff", 0), null, 6, Gone));
        Assert.Equal(ViewRepair.InSync, channel.Judge("E08000009", null, null, 6, Gone));
        Assert.Equal(ViewRepair.InSync, channel.Judge("E08000009", null, new Line("gone", 3), 6, Gone));
    }

    [Fact]
    public void Judge_AViewHoldingAStampTheEmployerNeverIssued_OrAtOrAboveItsLine_IsReissued()
    {
        var channel = Channel();
        channel.Set("E08000003", new Line("50 staff", 4));
        channel.Set("E08000004", new Line("gone", 5));

        Assert.Equal(ViewRepair.Reissue, channel.Judge("E08000003", new Line("50 staff", 0), new Line("50 staff", 900), 6, Gone)); // above the employer
        Assert.Equal(ViewRepair.Reissue, channel.Judge("E08000003", new Line("50 staff", 0), new Line("gone", 900), 6, Gone));
        Assert.Equal(ViewRepair.Reissue, channel.Judge("E08000003", new Line("50 staff", 0), new Line("5 staff", 4), 6, Gone)); // same stamp, other figures
        Assert.Equal(ViewRepair.Reissue, channel.Judge("E08000009", null, new Line("10 staff", 3), 6, Gone)); // never planned: a removal is issued
        Assert.Equal(ViewRepair.Retell, channel.Judge("E08000004", null, new Line("10 staff", 3), 6, Gone)); // left: its removal is newer
        Assert.Equal(ViewRepair.Reissue, channel.Judge("E08000009", null, new Line("gone", 70), 6, Gone)); // a tombstone that would block it
    }

    [Fact]
    public async Task Retell_AConfirmedEntry_IsOwedAndDeliveredAgain()
    {
        var channel = Channel();
        channel.Set("gm-gec", new Line("member", 3));
        await TellAsync(channel);

        channel.Retell("gm-gec");

        Assert.True(channel.HasUntold);
        await TellAsync(channel);
        Assert.Equal([("gm-gec", new Line("member", 3)), ("gm-gec", new Line("member", 3))], delivered);
    }
}
