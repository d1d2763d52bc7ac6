using System.Net;
using Microsoft.Extensions.Configuration;
using RegionalGoodWork.Host.Storage;

namespace RegionalGoodWork.IntegrationTests.Spine;

/// <summary>Orleans:AdvertisedAddress: loopback unless told otherwise; a value other silos could not reach stops the start.</summary>
public sealed class AdvertisedAddressTests
{
    [Theory]
    [InlineData(null, "127.0.0.1")]
    [InlineData("", "127.0.0.1")]
    [InlineData(" 10.0.0.5 ", "10.0.0.5")]
    [InlineData("::1", "::1")]
    public void AdvertisedAddress_IsLoopbackByDefault_OrTheAddressGiven(string? configured, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), PlatformStorage.AdvertisedAddress(Configuration(configured)));

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("silo-1.example")]
    [InlineData("10.0.0.500")]
    [InlineData("::")]
    public void AdvertisedAddress_NotAnAddressOtherSilosCanReach_FailsNamingTheKey(string configured)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PlatformStorage.AdvertisedAddress(Configuration(configured)));

        Assert.Contains("Orleans:AdvertisedAddress", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? address) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Orleans:AdvertisedAddress"] = address }).Build();
}
