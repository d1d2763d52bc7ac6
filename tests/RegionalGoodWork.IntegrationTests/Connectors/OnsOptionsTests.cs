using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Connectors;
using RegionalGoodWork.Connectors.Integrations;

namespace RegionalGoodWork.IntegrationTests.Connectors;

/// <summary><c>Connectors:ons:Datasets</c>: bound in order, required when the connector is on, and only paths under its BaseUrl.</summary>
public sealed class OnsOptionsTests
{
    private const string Url = "http://127.0.0.1:9/";

    [Fact]
    public void Datasets_AreBoundInOrder_AndSplitIntoPathAndQuery()
    {
        var options = Bind(new()
        {
            ["Connectors:ons:Enabled"] = "true",
            ["Connectors:ons:BaseUrl"] = Url,
            ["Connectors:ons:Datasets:0"] = "/explore-local-statistics/employment-rate.csv",
            ["Connectors:ons:Datasets:1"] = "data/pay.csv?format=csv&note=a%20b",
        });

        Assert.Equal(["/explore-local-statistics/employment-rate.csv", "data/pay.csv?format=csv&note=a%20b"], options.Datasets);
        Assert.Equal("explore-local-statistics/employment-rate.csv", OnsDataset.Path(options.Datasets[0]));
        Assert.Empty(OnsDataset.Query(options.Datasets[0]));
        Assert.Equal("data/pay.csv", OnsDataset.Path(options.Datasets[1]));
        Assert.Equal(new Dictionary<string, string> { ["format"] = "csv", ["note"] = "a b" }, OnsDataset.Query(options.Datasets[1]));
    }

    [Fact]
    public void Enabled_WithoutDatasets_FailsValidation_NamingTheKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Connectors:ons:Enabled"] = "true", ["Connectors:ons:BaseUrl"] = Url }));

        Assert.Contains("Connectors:ons:Datasets", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://elsewhere.example/employment-rate.csv")]
    [InlineData("//elsewhere.example/employment-rate.csv")]
    [InlineData("/data/../admin/secrets.csv")]
    [InlineData("?format=csv")]
    public void ADatasetOutsideTheBaseUrl_FailsValidation_NamingIt(string dataset)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Connectors:ons:Enabled"] = "true",
            ["Connectors:ons:BaseUrl"] = Url,
            ["Connectors:ons:Datasets:0"] = dataset,
        }));

        Assert.Contains($"'{dataset}'", error.Message, StringComparison.Ordinal);
    }

    private static ConnectorOptions Bind(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddConnectorOptions(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<ConnectorOptions>>().Get("ons");
    }
}
