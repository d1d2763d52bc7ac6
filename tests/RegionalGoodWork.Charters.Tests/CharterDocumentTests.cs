using System.Text.Json;
using System.Text.Json.Serialization;
using RegionalGoodWork.Charters.Contracts;
using static RegionalGoodWork.Charters.Tests.TestData;

namespace RegionalGoodWork.Charters.Tests;

/// <summary>The wire shape the host serialises (its options: camelCase, nulls not ignored) is the shape the module reads.</summary>
public sealed class CharterDocumentTests
{
    private const string Valid = """
        {"name":"Example","owner":"E47000001","tiers":["supporter","member"],"requirements":[
          {"id":"rlw","title":"Pays the RLW","tier":"member","principle":"fair-pay",
           "rule":{"anyOf":[{"kind":"pay.rlw-accredited","op":"eq","value":true},{"kind":"pay.share-staff-paid-rlw","op":"gte","value":100}]}},
          {"id":"contractors","title":"Contractors","tier":"member","unconfirmed":true,"notes":"a reading",
           "rule":{"kind":"pay.contractors-rlw","op":"in","value":["milestones","all"]}},
          {"id":"voice","title":"Voice","tier":"member","rule":{"atLeast":1,"of":[{"kind":"voice.employee-forum","op":"present"}]}}]}
        """;

    private static readonly JsonSerializerOptions HostOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    [Fact]
    public void OfDraft_SerialisedByTheHost_GivesIdAndDraftFirst_AndLeavesAbsentFieldsOut()
    {
        var json = JsonSerializer.Serialize(CharterDocument.OfDraft("example", Definition("example", Valid)), HostOptions);

        Assert.Equal(
            """{"id":"example","draft":true,"name":"Example","owner":"E47000001","tiers":["supporter","member"],"requirements":[""" +
            """{"id":"rlw","title":"Pays the RLW","tier":"member","principle":"fair-pay","rule":{"anyOf":[{"kind":"pay.rlw-accredited","op":"eq","value":true},{"kind":"pay.share-staff-paid-rlw","op":"gte","value":100}]}},""" +
            """{"id":"contractors","title":"Contractors","tier":"member","rule":{"kind":"pay.contractors-rlw","op":"in","value":["milestones","all"]},"unconfirmed":true,"notes":"a reading"},""" +
            """{"id":"voice","title":"Voice","tier":"member","rule":{"atLeast":1,"of":[{"kind":"voice.employee-forum","op":"present"}]}}]}""",
            json);
    }

    [Fact]
    public void OfVersion_SerialisedByTheHost_GivesVersionPublishedAtInUtcAndTheVersionList()
    {
        var version = new CharterVersion("example", 2, Definition("example", Valid), new DateTimeOffset(2026, 5, 1, 10, 30, 0, TimeSpan.FromHours(1)));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(CharterDocument.OfVersion(version, [1, 2]), HostOptions));

        var root = json.RootElement;
        Assert.Equal(["id", "version", "name", "owner", "tiers", "requirements", "publishedAt", "versions"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("example", 2, "2026-05-01T09:30:00.0000000Z"), (root.GetProperty("id").GetString(), root.GetProperty("version").GetInt32(), root.GetProperty("publishedAt").GetString()));
        Assert.Equal([1, 2], root.GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public void OfVersion_WithoutTheVersionList_LeavesItOut()
    {
        var version = new CharterVersion("example", 1, Definition("example", Valid), DateTimeOffset.UnixEpoch);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(CharterDocument.OfVersion(version), HostOptions));

        Assert.False(json.RootElement.TryGetProperty("versions", out _));
        Assert.False(json.RootElement.TryGetProperty("draft", out _));
    }
}
