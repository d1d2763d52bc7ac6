using RegionalGoodWork.SharedKernel;
using static RegionalGoodWork.Taxonomy.Tests.TestData;

namespace RegionalGoodWork.Taxonomy.Tests;

/// <summary>The definition reader behind <c>ITaxonomyGrain.PutKindAsync(kindId, definitionJson)</c>: it takes JSON text.</summary>
public sealed class EvidenceKindDefinitionTests
{
    private const string Valid = """
        {"principle":"fair-conditions","type":"percent","unit":"%","validityMonths":12,"verifiers":["payroll-provider"],
         "description":"Share of staff on annualised-hours contracts."}
        """;

    [Fact]
    public void Read_JsonText_ReadsLikeTheParsedElement()
    {
        var fromText = EvidenceKindDefinition.Read("conditions.annualised-hours-share", Valid, Catalogue.HasPrinciple);
        var fromElement = EvidenceKindDefinition.Read("conditions.annualised-hours-share", Json(Valid), Catalogue.HasPrinciple);

        Assert.True(fromText.IsOk);
        Assert.True(fromText.Value!.SameDefinitionAs(fromElement.Value!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"principle\":")]
    [InlineData("not json")]
    public void Read_TextThatIsNotJson_IsInvalidOnTheBody(string text)
    {
        var outcome = EvidenceKindDefinition.Read("pay.new-kind", text, Catalogue.HasPrinciple);

        Assert.Equal(ProblemKind.Invalid, outcome.Problem!.Kind);
        Assert.Equal(["$"], outcome.Problem.Errors!.Keys);
    }

    [Fact]
    public void SameDefinitionAs_ComparesListsByContent()
    {
        var kind = Kind("pay.contractors-rlw");
        var copy = kind with { Choices = kind.Choices!.ToList(), Verifiers = kind.Verifiers.ToList() };

        Assert.True(kind.SameDefinitionAs(copy));
        Assert.False(kind.SameDefinitionAs(copy with { Choices = [.. kind.Choices!, "extra"] }));
    }
}
