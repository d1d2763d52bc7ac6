using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace RegionalGoodWork.Places.Tests;

public sealed class PlacesOptionsTests
{
    [Fact]
    public void Bind_NothingConfigured_HasTheDocumentedDefaults()
    {
        var options = Bind([]);

        Assert.Equal((5, true, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), true),
            (options.MinimumEmployers, options.SeedGeography, options.FlushInterval, options.DriftCheckInterval, options.RepairDrift));
    }

    [Fact]
    public void Bind_EveryKey_IsRead()
    {
        var options = Bind(new()
        {
            ["Indicators:MinimumEmployers"] = "3",
            ["Modules:Places:SeedGeography"] = "false",
            ["Modules:Places:FlushInterval"] = "00:00:00",
            ["Modules:Places:DriftCheckInterval"] = "00:10:00",
            ["Modules:Places:RepairDrift"] = "false",
        });

        Assert.Equal((3, false, TimeSpan.Zero, TimeSpan.FromMinutes(10), false),
            (options.MinimumEmployers, options.SeedGeography, options.FlushInterval, options.DriftCheckInterval, options.RepairDrift));
    }

    [Theory]
    [InlineData("Indicators:MinimumEmployers", "-1")]
    [InlineData("Modules:Places:FlushInterval", "-00:00:05")]
    [InlineData("Modules:Places:DriftCheckInterval", "-01:00:00")]
    public void Bind_AnUnusableSetting_FailsValidation_NamingTheKey(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Indicators:MinimumEmployers", "five")]
    [InlineData("Modules:Places:FlushInterval", "-00:00:05")]
    [InlineData("Modules:Places:RepairDrift", "perhaps")]
    public async Task SiloStart_WithABadValue_FailsNamingTheKey(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePort(), FreePort());
            silo.AddPlacesModule(builder.Configuration);
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static PlacesOptions Bind(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddPlacesOptions(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PlacesOptions>>().Value;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
