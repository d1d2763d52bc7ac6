using System.Text.Json.Nodes;
using RegionalGoodWork.Charters.Contracts;
using RegionalGoodWork.SharedKernel;
using static RegionalGoodWork.Charters.Tests.TestData;

namespace RegionalGoodWork.Charters.Tests;

public sealed class CharterDefinitionTests
{
    private const string Valid = """
        {"name":"Example","owner":"E47000001","tiers":["supporter","member"],"requirements":[
          {"id":"real-living-wage","title":"Pays the RLW","tier":"member","principle":"fair-pay",
           "rule":{"anyOf":[{"kind":"pay.rlw-accredited","op":"eq","value":true},{"kind":"pay.share-staff-paid-rlw","op":"gte","value":100}]}},
          {"id":"contractors","title":"Contractors","tier":"member","principle":"fair-pay","unconfirmed":true,"notes":"a reading",
           "rule":{"kind":"pay.contractors-rlw","op":"in","value":["milestones","all"]}},
          {"id":"voice","title":"Voice","tier":"member","rule":{"atLeast":1,"of":[{"kind":"voice.employee-forum","op":"present"}]}}]}
        """;

    [Fact]
    public void Read_ValidDefinition_GivesTypedRequirements()
    {
        var definition = Definition("example", Valid);

        Assert.Equal(["supporter", "member"], definition.Tiers);
        Assert.Equal(RuleOp.AnyOf, definition.Requirements[0].Rule.Op);
        Assert.Equal(Percent(100), definition.Requirements[0].Rule.Of![1].Value);
        Assert.Equal([Choice("milestones"), Choice("all")], definition.Requirements[1].Rule.Values!);
        Assert.True(definition.Requirements[1].Unconfirmed);
        Assert.Null(definition.Requirements[2].Principle);
    }

    [Fact]
    public void Write_ThenRead_GivesTheSameDefinition()
    {
        var definition = Definition("example", Valid);

        var again = Definition("example", CharterDefinitionJson.Write(definition).ToJsonString());

        Assert.True(again.SameAs(definition));
    }

    public static TheoryData<string, string, string> Rejections() => new()
    {
        // name, a change to the valid definition (JSON path → replacement JSON), the field that must be reported
        { "unknown kind", """requirements[0].rule.anyOf[0].kind="pay.no-such-kind" """, "requirements[0].rule.anyOf[0].kind" },
        { "value of the wrong type", """requirements[0].rule.anyOf[0].value=100""", "requirements[0].rule.anyOf[0].value" },
        { "percent out of range", """requirements[0].rule.anyOf[1].value=101""", "requirements[0].rule.anyOf[1].value" },
        { "choice not in the list", """requirements[1].rule.value=["some"]""", "requirements[1].rule.value[0]" },
        { "unknown tier", """requirements[0].tier="gold" """, "requirements[0].tier" },
        { "duplicate requirement id", """requirements[1].id="real-living-wage" """, "requirements[1].id" },
        { "empty combination", """requirements[0].rule={"anyOf":[]}""", "requirements[0].rule.anyOf" },
        { "atLeast larger than its list", """requirements[2].rule.atLeast=2""", "requirements[2].rule.atLeast" },
        { "atLeast below one", """requirements[2].rule.atLeast=0""", "requirements[2].rule.atLeast" },
        { "unknown operator", """requirements[1].rule.op="between" """, "requirements[1].rule.op" },
        { "operator not for the type", """requirements[0].rule.anyOf[0].op="gt" """, "requirements[0].rule.anyOf[0].op" },
        { "present with a value", """requirements[2].rule.of[0].value=true""", "requirements[2].rule.of[0].value" },
        { "in without a list", """requirements[1].rule.value="all" """, "requirements[1].rule.value" },
        { "in with an empty list", """requirements[1].rule.value=[]""", "requirements[1].rule.value" },
        { "comparison without a value", """requirements[0].rule.anyOf[1]={"kind":"pay.share-staff-paid-rlw","op":"gte"}""", "requirements[0].rule.anyOf[1].value" },
        { "unknown principle", """requirements[0].principle="money" """, "requirements[0].principle" },
        { "empty tiers", """tiers=[]""", "tiers" },
        { "duplicate tiers", """tiers=["supporter","supporter","member"]""", "tiers[1]" },
        { "tier not a slug", """tiers=["Supporter","member"]""", "tiers[0]" },
        { "owner not a GSS code", """owner="Greater Manchester" """, "owner" },
        { "missing name", """name=null""", "name" },
        { "leaf and combination at once", """requirements[0].rule={"kind":"pay.rlw-accredited","op":"eq","value":true,"anyOf":[]}""", "requirements[0].rule" },
        { "unknown field", """requirements[0].rule.anyOf[0].threshold=1""", "requirements[0].rule.anyOf[0].threshold" },
        { "missing rule", """requirements[0].rule=null""", "requirements[0].rule" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Read_DefinitionWithOneProblem_IsRejectedOnThatField(string name, string change, string field)
    {
        var outcome = CharterDefinitionJson.Read("example", Apply(Valid, change), Catalogue);

        Assert.False(outcome.IsOk, name);
        Assert.Equal(ProblemKind.Invalid, outcome.Problem!.Kind);
        Assert.True(outcome.Problem.Errors!.ContainsKey(field),
            $"{name}: expected an error on {field}, got {string.Join(", ", outcome.Problem.Errors.Keys)}");
    }

    [Theory]
    [InlineData("GM-GEC")]
    [InlineData("gm gec")]
    [InlineData("-gm")]
    [InlineData("")]
    public void Read_BadCharterSlug_IsRejected(string charterId)
    {
        var outcome = CharterDefinitionJson.Read(charterId, Valid, Catalogue);

        Assert.Contains("charterId", outcome.Problem!.Errors!.Keys);
    }

    [Fact]
    public void Read_DefinitionWithManyProblems_ReportsEveryOneAtOnce()
    {
        const string bad = """
            {"name":"Bad","owner":"E47000001","tiers":["t","t"],"requirements":[
              {"id":"a","title":"A","tier":"nope","principle":"fair-pay","rule":{"kind":"no.such-kind","op":"eq","value":true}},
              {"id":"a","title":"A again","tier":"t","principle":"moneys","rule":{"anyOf":[]}},
              {"id":"b","title":"B","tier":"t","rule":{"atLeast":3,"of":[
                 {"kind":"pay.rlw-accredited","op":"present","value":true},
                 {"kind":"pay.contractors-rlw","op":"in","value":"all"}]}},
              {"id":"c","title":"C","tier":"t","rule":{"kind":"conditions.shift-notice-days","op":"around","value":"soon"}}]}
            """;

        var outcome = CharterDefinitionJson.Read("Bad Id", bad, Catalogue);

        Assert.Equal(
            new[]
            {
                "charterId", "tiers[1]", "requirements[0].tier", "requirements[0].rule.kind", "requirements[1].id",
                "requirements[1].principle", "requirements[1].rule.anyOf", "requirements[2].rule.atLeast",
                "requirements[2].rule.of[0].value", "requirements[2].rule.of[1].value", "requirements[3].rule.op",
                "requirements[3].rule.value",
            }.Order(),
            outcome.Problem!.Errors!.Keys.Order());
    }

    [Fact]
    public void Read_NotJson_IsAProblemNotAnException()
    {
        var outcome = CharterDefinitionJson.Read("example", "{\"name\": ", Catalogue);

        Assert.Contains("$", outcome.Problem!.Errors!.Keys);
    }

    [Fact]
    public void Read_NoRequirementsAtAll_IsAllowed()
    {
        var definition = Definition("pledge", """{"name":"Pledge","owner":"E47000001","tiers":["signed"],"requirements":[]}""");

        Assert.Empty(definition.Requirements);
    }

    /// <summary>Applies "path=json" to a copy of the document (path with dots and [i]).</summary>
    private static string Apply(string json, string change)
    {
        var split = change.IndexOf('=', StringComparison.Ordinal);
        var path = change[..split].Trim();
        var value = JsonNode.Parse(change[(split + 1)..].Trim());
        var root = JsonNode.Parse(json)!;
        var steps = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        JsonNode parent = root;
        for (var i = 0; i < steps.Length - 1; i++)
        {
            parent = Step(parent, steps[i])!;
        }

        var last = steps[^1];
        if (last.StartsWith('['))
        {
            parent.AsArray()[int.Parse(last[1..^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent.AsObject()[last] = value;
        }

        return root.ToJsonString();

        static JsonNode? Step(JsonNode node, string step) =>
            step.StartsWith('[') ? node.AsArray()[int.Parse(step[1..^1], System.Globalization.CultureInfo.InvariantCulture)] : node[step];
    }
}
