using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Host.Api;

namespace RegionalGoodWork.IntegrationTests.Api;

/// <summary><c>Api:*</c> is bound and validated the one way the modules' options are: a value that cannot work names its key.</summary>
public sealed class ApiOptionsTests
{
    [Fact]
    public void Bind_NothingConfigured_HasTheDocumentedDefaults()
    {
        var options = Bind([]);

        Assert.Equal((16L * 1024 * 1024, true, TimeSpan.FromMinutes(1), 600, 6000, 600),
            (options.MaxBodyBytes, options.RateLimit.Enabled, options.RateLimit.Window, options.RateLimit.KeyPermits,
                options.RateLimit.AdminPermits, options.RateLimit.AnonymousPermits));
    }

    [Fact]
    public void Bind_EveryKey_IsRead()
    {
        var options = Bind(new()
        {
            ["Api:MaxBodyBytes"] = "1024",
            ["Api:RateLimit:Enabled"] = "false",
            ["Api:RateLimit:Window"] = "00:00:10",
            ["Api:RateLimit:KeyPermits"] = "5",
            ["Api:RateLimit:AdminPermits"] = "50",
            ["Api:RateLimit:AnonymousPermits"] = "2",
        });

        Assert.Equal((1024L, false, TimeSpan.FromSeconds(10), 5, 50, 2),
            (options.MaxBodyBytes, options.RateLimit.Enabled, options.RateLimit.Window, options.RateLimit.KeyPermits,
                options.RateLimit.AdminPermits, options.RateLimit.AnonymousPermits));
    }

    [Theory]
    [InlineData("Api:MaxBodyBytes", "0")]
    [InlineData("Api:RateLimit:Window", "-00:00:05")]
    [InlineData("Api:RateLimit:KeyPermits", "0")]
    [InlineData("Api:RateLimit:AdminPermits", "-1")]
    [InlineData("Api:RateLimit:AnonymousPermits", "0")]
    public void Bind_AnUnusableSetting_FailsValidation_NamingTheKey(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static ApiOptions Bind(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddApiOptions(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ApiOptions>>().Value;
    }
}
