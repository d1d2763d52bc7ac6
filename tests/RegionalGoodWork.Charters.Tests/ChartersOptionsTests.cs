using Microsoft.Extensions.Configuration;

namespace RegionalGoodWork.Charters.Tests;

public sealed class ChartersOptionsTests
{
    [Fact]
    public void From_NothingConfigured_FansOutInBatchesOf50_WithAOneMinuteReminder_AndNoHaltOrSkippedHandOver()
    {
        var options = ChartersOptions.From(Configuration([]));

        Assert.Equal((50, TimeSpan.FromMinutes(1), (int?)null, false),
            (options.FanOutBatchSize, options.FanOutReminderPeriod, options.FanOutHaltAfterBatches, options.SkipFanOutHandOver));
    }

    [Fact]
    public void From_FanOutKeys_AreRead()
    {
        var options = ChartersOptions.From(Configuration(new()
        {
            ["Modules:Charters:FanOutBatchSize"] = "7",
            ["Modules:Charters:FanOutReminderPeriod"] = "00:05:00",
            ["Modules:Charters:FanOutHaltAfterBatches"] = "2",
            ["Modules:Charters:SkipFanOutHandOver"] = "true",
        }));

        Assert.Equal((7, TimeSpan.FromMinutes(5), (int?)2, true),
            (options.FanOutBatchSize, options.FanOutReminderPeriod, options.FanOutHaltAfterBatches, options.SkipFanOutHandOver));
    }

    [Theory]
    [InlineData("Modules:Charters:FanOutBatchSize", "0")]
    [InlineData("Modules:Charters:FanOutReminderPeriod", "00:00:30")]
    public void From_AnUnusableFanOutSetting_FailsAtStart(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChartersOptions.From(Configuration(new() { [key] = value })));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
