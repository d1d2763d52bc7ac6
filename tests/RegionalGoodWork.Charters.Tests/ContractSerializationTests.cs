using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RegionalGoodWork.Charters.Contracts;
using static RegionalGoodWork.Charters.Tests.TestData;

namespace RegionalGoodWork.Charters.Tests;

/// <summary>The contract types cross grain boundaries and sit in grain state: they must survive Orleans' serializer.</summary>
public sealed class ContractSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void CharterVersion_RoundTrips_WithNestedRulesAndTypedValues()
    {
        var version = Shipped("ne-gwp");

        var copy = Serializer.Deserialize<CharterVersion>(Serializer.SerializeToArray(version))!;

        Assert.Equal((version.CharterId, version.Version, version.PublishedAt), (copy.CharterId, copy.Version, copy.PublishedAt));
        Assert.True(copy.Definition.SameAs(version.Definition));
    }
}
