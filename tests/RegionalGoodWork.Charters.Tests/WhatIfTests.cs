using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;
using static RegionalGoodWork.Charters.Tests.TestData;

namespace RegionalGoodWork.Charters.Tests;

/// <summary>The what-if assessment behind <c>POST /charters/{id}/assess</c>: every error at once, then the one evaluator.</summary>
public sealed class WhatIfTests
{
    private static readonly CharterVersion[] Versions =
    [
        new("example", 1, Definition("example", """
            {"name":"Example","owner":"E47000001","tiers":["supporter","member"],"requirements":[
              {"id":"rlw","title":"RLW","tier":"supporter","rule":{"kind":"pay.rlw-accredited","op":"eq","value":true}},
              {"id":"notice","title":"Notice","tier":"member","rule":{"kind":"conditions.shift-notice-days","op":"gte","value":14}}]}
            """), DateTimeOffset.UnixEpoch),
    ];

    [Theory]
    [InlineData("[1]")]
    [InlineData("null")]
    [InlineData("{\"version\": ")]
    public void Assess_ABodyThatIsNoObject_IsInvalidAtTheRoot(string body)
    {
        var outcome = WhatIf.Assess("example", Versions, body, Catalogue);

        Assert.Equal(ProblemKind.Invalid, outcome.Problem!.Kind);
        Assert.Equal(["$"], outcome.Problem.Errors!.Keys);
    }

    [Fact]
    public void Assess_ABadVersionAndAnUnknownKind_ReportsBoth()
    {
        var outcome = WhatIf.Assess("example", Versions, """{"version":"one","evidence":{"pay.no-such-kind":true}}""", Catalogue);

        Assert.Equal(ProblemKind.Invalid, outcome.Problem!.Kind);
        Assert.Equal(["evidence.pay.no-such-kind", "version"], outcome.Problem.Errors!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Assess_AVersionNotPublished_IsNotFound()
    {
        var outcome = WhatIf.Assess("example", Versions, """{"version":2}""", Catalogue);

        Assert.Equal((ProblemKind.NotFound, "No charter version 'example/2' exists."), (outcome.Problem!.Kind, outcome.Problem.Detail));
    }

    [Fact]
    public void Assess_EvidenceMeetingTheLowestTier_HoldsIt_AndAsksForTheNextTiersEvidence()
    {
        var outcome = WhatIf.Assess("example", Versions, """{"evidence":{"pay.rlw-accredited":true}}""", Catalogue);

        var result = outcome.Value!;
        Assert.Equal(("supporter", "member", 1), (result.Tier, result.NextTier, result.Version));
        Assert.Equal(["rlw"], result.Met);
        Assert.Equal(["notice"], result.Missing);
        Assert.Equal("conditions.shift-notice-days", Assert.Single(result.EvidenceRequests).Kind);
    }
}
