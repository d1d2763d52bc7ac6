using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace RegionalGoodWork.Charters.Tests;

public sealed class ChartersOptionsTests
{
    [Fact]
    public void Bind_NothingConfigured_FansOutInBatchesOf50_WithAOneMinuteReminder_AndNoHaltOrSkippedHandOver()
    {
        var options = Bind([]);

        Assert.Equal((50, TimeSpan.FromMinutes(1), (int?)null, false),
            (options.FanOutBatchSize, options.FanOutReminderPeriod, options.FanOutHaltAfterBatches, options.SkipFanOutHandOver));
    }

    [Fact]
    public void Bind_NothingConfigured_SeedsTheDemo_AndWritesTheMemberIndexWithinTwoSeconds()
    {
        var options = Bind([]);

        Assert.Equal((true, TimeSpan.FromSeconds(2)), (options.SeedDemo, options.MemberIndexWriteDelay));
    }

    [Fact]
    public void Bind_MemberAudit_DefaultsToHourlyWithRepair_AndItsKeysAreRead()
    {
        var defaults = Bind([]);
        var set = Bind(new() { ["Modules:Charters:MemberAuditInterval"] = "00:00:00", ["Modules:Charters:RepairMemberIndexes"] = "false" });

        Assert.Equal((TimeSpan.FromHours(1), true), (defaults.MemberAuditInterval, defaults.RepairMemberIndexes));
        Assert.Equal((TimeSpan.Zero, false), (set.MemberAuditInterval, set.RepairMemberIndexes));
    }

    [Fact]
    public void Bind_FanOutKeys_AreRead()
    {
        var options = Bind(new()
        {
            ["Modules:Charters:FanOutBatchSize"] = "7",
            ["Modules:Charters:FanOutReminderPeriod"] = "00:05:00",
            ["Modules:Charters:FanOutHaltAfterBatches"] = "2",
            ["Modules:Charters:SkipFanOutHandOver"] = "true",
            ["Modules:Charters:SeedDemo"] = "false",
            ["Modules:Charters:MemberIndexWriteDelay"] = "00:00:00",
        });

        Assert.Equal((7, TimeSpan.FromMinutes(5), (int?)2, false, TimeSpan.Zero, true),
            (options.FanOutBatchSize, options.FanOutReminderPeriod, options.FanOutHaltAfterBatches, options.SeedDemo, options.MemberIndexWriteDelay,
                options.SkipFanOutHandOver));
    }

    [Theory]
    [InlineData("Modules:Charters:FanOutBatchSize", "0")]
    [InlineData("Modules:Charters:FanOutReminderPeriod", "00:00:30")]
    [InlineData("Modules:Charters:MemberIndexWriteDelay", "-00:00:01")]
    [InlineData("Modules:Charters:MemberAuditInterval", "-00:00:01")]
    public void Bind_AnUnusableSetting_FailsValidation_NamingTheKey(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Modules:Charters:FanOutBatchSize", "0")]
    [InlineData("Modules:Charters:MemberIndexWriteDelay", "soon")]
    [InlineData("Modules:Charters:SeedDemo", "perhaps")]
    public async Task SiloStart_WithABadValue_FailsNamingTheKey(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort());
            silo.AddChartersModule(builder.Configuration);
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_AReminderPeriodBelowAMinute_IsAccepted_WhenOrleansMinimumIsLowered()
    {
        var options = Bind(new() { ["Modules:Charters:FanOutReminderPeriod"] = "00:00:02" }, TimeSpan.FromSeconds(2));

        Assert.Equal(TimeSpan.FromSeconds(2), options.FanOutReminderPeriod);
    }

    private static ChartersOptions Bind(Dictionary<string, string?> values, TimeSpan? minimumReminderPeriod = null)
    {
        var services = new ServiceCollection();
        if (minimumReminderPeriod is { } minimum)
        {
            services.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = minimum);
        }

        services.AddChartersOptions(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ChartersOptions>>().Value;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
