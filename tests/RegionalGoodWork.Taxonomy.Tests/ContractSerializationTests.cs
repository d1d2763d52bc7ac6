using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using RegionalGoodWork.Taxonomy.Contracts;
using static RegionalGoodWork.Taxonomy.Tests.TestData;

namespace RegionalGoodWork.Taxonomy.Tests;

/// <summary>The contract types cross grain boundaries and sit in grain state: they must survive Orleans' serializer.</summary>
public sealed class ContractSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void Catalogue_RoundTrips_AndStillFindsKinds()
    {
        var copy = Serializer.Deserialize<EvidenceCatalogue>(Serializer.SerializeToArray(Catalogue))!;

        Assert.Equal(Catalogue.Kinds.Count, copy.Kinds.Count);
        Assert.Equal(-1000m, copy.FindKind("equality.gender-pay-gap-median")!.Min);
        Assert.True(copy.HasPrinciple("dignity"));
    }
}
