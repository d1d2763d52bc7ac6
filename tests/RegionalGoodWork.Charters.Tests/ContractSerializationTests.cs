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

    [Fact]
    public void CharterState_WithAFanOutHalfWay_RoundTrips_SoAStateWrittenBeforeTheFanOutGrainIsHandedOverCursorAndAll()
    {
        var state = new CharterState { Versions = [Shipped("ne-gwp")], RegisteredVersion = 1, FanOut = new CharterFanOut(1, "employer-0042") };

        var copy = Serializer.Deserialize<CharterState>(Serializer.SerializeToArray(state))!;

        Assert.Equal((1, new CharterFanOut(1, "employer-0042")), (copy.RegisteredVersion, copy.FanOut));
        Assert.Null(copy.Draft);
    }

    [Fact]
    public void CharterFanOutState_RoundTrips()
    {
        var state = new CharterFanOutState { Pending = new CharterFanOut(3, "e-7"), Version = 3 };

        var copy = Serializer.Deserialize<CharterFanOutState>(Serializer.SerializeToArray(state))!;

        Assert.Equal((new CharterFanOut(3, "e-7"), 3), (copy.Pending, copy.Version));
    }

    [Fact]
    public void AlignmentReport_CrossingTheAnalysisGrain_RoundTrips_WithRulesAndRelations()
    {
        var report = CharterAlignment.Align([Shipped("gm-gec"), Shipped("london-gws")], Catalogue);

        var copy = Serializer.Deserialize<AlignmentReport>(Serializer.SerializeToArray(report))!;

        Assert.Equal(report.Charters, copy.Charters);
        Assert.Equal(report.SharedKinds.Select(k => (k.Kind, k.Conflict, k.Strictest)), copy.SharedKinds.Select(k => (k.Kind, k.Conflict, k.Strictest)));
        Assert.Equal(report.SharedKinds.SelectMany(k => k.Relations.Select(r => r.Relation)), copy.SharedKinds.SelectMany(k => k.Relations.Select(r => r.Relation)));
        Assert.True(report.SharedKinds[0].UsedBy[0].Rule.SameAs(copy.SharedKinds[0].UsedBy[0].Rule));
    }
}
