using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RegionalGoodWork.Host.Api.Idempotency;
using RegionalGoodWork.IntegrationTests.Employers;
using RegionalGoodWork.IntegrationTests.Shared;
using static RegionalGoodWork.IntegrationTests.Employers.EmployersApp;

namespace RegionalGoodWork.IntegrationTests.Api;

/// <summary>
/// <c>Idempotency-Key</c> on the creating POSTs (api.md, Access): a replay answers as the first time and stores nothing
/// again, the same key with another body answers 409, keys are per caller and route, a malformed key answers 400.
/// </summary>
[Collection(Collections.Employers)]
public sealed class IdempotencyTests(EmployersApp app)
{
    private const string Rlw = """{"items":[{"kind":"pay.rlw-accredited","value":true}]}""";

    [Fact]
    public async Task EvidenceReplay_SameKeyAndBody_AnswersAsTheFirstTimeAndStoresOnce()
    {
        var employer = await app.EmployerAsync();
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync($"/api/v1/employers/{employer}/evidence", Rlw, key);
        using var replay = await PostAsync($"/api/v1/employers/{employer}/evidence", Rlw, key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.False(first.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(["true"], replay.Headers.GetValues(IdempotencyKey.ReplayedHeader));
        Assert.Equal(first.Content.Headers.ContentType, replay.Content.Headers.ContentType);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(firstBody, await replay.Content.ReadAsStringAsync());
        var history = await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true");
        Assert.Equal(1, history.GetArrayLength());
        Assert.Equal(JsonDocument.Parse(firstBody).RootElement.GetProperty("accepted")[0].GetProperty("id").GetString(),
            history[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task SameKeyWithAnotherBody_Answers409ProblemAndStoresNothing()
    {
        var employer = await app.EmployerAsync();
        var key = Guid.NewGuid().ToString();
        using var first = await PostAsync($"/api/v1/employers/{employer}/evidence", Rlw, key);

        using var other = await PostAsync($"/api/v1/employers/{employer}/evidence",
            """{"items":[{"kind":"pay.share-staff-paid-rlw","value":100}]}""", key);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        var problem = await BodyAsync(other);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal(("https://regionalgoodwork.example/problems/conflict", "Idempotency-Key reused"),
            (problem.GetProperty("type").GetString(), problem.GetProperty("title").GetString()));
        Assert.Contains(IdempotencyKey.Header, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var history = await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true");
        Assert.Equal(["pay.rlw-accredited"], history.EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task AnotherKey_StoresAgain_AndNoKeyBehavesAsBefore()
    {
        var employer = await app.EmployerAsync();

        using var first = await PostAsync($"/api/v1/employers/{employer}/evidence", Rlw, Guid.NewGuid().ToString());
        using var second = await PostAsync($"/api/v1/employers/{employer}/evidence", Rlw, Guid.NewGuid().ToString());
        using var unkeyed = await PostAsync($"/api/v1/employers/{employer}/evidence", Rlw);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { first.StatusCode, second.StatusCode, unkeyed.StatusCode });
        Assert.False(second.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(3, (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).GetArrayLength());
    }

    [Fact]
    public async Task SameKeyOnAnotherEmployersRoute_IsAnotherKey()
    {
        var (a, b) = (await app.EmployerAsync(), await app.EmployerAsync());
        var key = Guid.NewGuid().ToString();

        using var atA = await PostAsync($"/api/v1/employers/{a}/evidence", Rlw, key);
        using var atB = await PostAsync($"/api/v1/employers/{b}/evidence", Rlw, key);
        using var againAtA = await PostAsync($"/api/v1/employers/{a}/evidence", Rlw, key);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (atA.StatusCode, atB.StatusCode));
        Assert.False(atB.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.True(againAtA.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(await atA.Content.ReadAsStringAsync(), await againAtA.Content.ReadAsStringAsync());
        Assert.Equal(1, (await app.GetAsync($"/api/v1/employers/{a}/evidence?history=true")).GetArrayLength());
        Assert.Equal(1, (await app.GetAsync($"/api/v1/employers/{b}/evidence?history=true")).GetArrayLength());
    }

    public static TheoryData<string, string> BadKeys => new()
    {
        { "empty", "" },
        { "256 characters", new string('k', 256) },
        { "a control character", "key\twith-tab" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task MalformedKey_Answers400NamingTheHeaderAndStoresNothing(string why, string key)
    {
        var employer = await app.EmployerAsync();

        using var response = await PostAsync($"/api/v1/employers/{employer}/evidence", Rlw, key);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode}");
        var problem = await BodyAsync(response);
        Assert.Equal([IdempotencyKey.Header], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).GetArrayLength());
    }

    [Fact]
    public async Task KeyInDoubleQuotes_IsTheSameKeyAsWithout()
    {
        var employer = await app.EmployerAsync();
        var key = Guid.NewGuid().ToString();

        using var bare = await PostAsync($"/api/v1/employers/{employer}/evidence", Rlw, key);
        using var quoted = await PostAsync($"/api/v1/employers/{employer}/evidence", Rlw, $"\"{key}\"");

        Assert.True(quoted.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(1, (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).GetArrayLength());
    }

    [Fact]
    public async Task RefusedBatchUnderAKey_IsReplayedAsTheSame400()
    {
        var employer = await app.EmployerAsync();
        var key = Guid.NewGuid().ToString();
        const string bad = """{"items":[{"kind":"pay.rlw-accredited","value":"yes"}]}""";

        using var first = await PostAsync($"/api/v1/employers/{employer}/evidence", bad, key);
        using var replay = await PostAsync($"/api/v1/employers/{employer}/evidence", bad, key);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (first.StatusCode, replay.StatusCode));
        Assert.True(replay.Headers.Contains(IdempotencyKey.ReplayedHeader));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(0, (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).GetArrayLength());
    }

    [Fact]
    public async Task ConcurrentRequestsUnderOneKey_RunOnce_TheOthersReplayOrAnswer409InProgress()
    {
        var employer = await app.EmployerAsync();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync($"/api/v1/employers/{employer}/evidence", Rlw, key)));

        try
        {
            var answered = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            var busy = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
            Assert.Equal(responses.Length, answered.Count + busy.Count);
            Assert.Single(answered, r => !r.Headers.Contains(IdempotencyKey.ReplayedHeader));
            Assert.Single((await Task.WhenAll(answered.Select(r => r.Content.ReadAsStringAsync()))).Distinct());
            foreach (var r in busy)
            {
                Assert.Equal("Request in progress", (await BodyAsync(r)).GetProperty("title").GetString());
                Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }

            Assert.Equal(1, (await app.GetAsync($"/api/v1/employers/{employer}/evidence?history=true")).GetArrayLength());
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }
    }

    [Fact]
    public async Task MembershipReplay_Answers201AsTheFirstTime_AndJoinsOnce()
    {
        var charter = await app.CharterAsync(["member"], [("rlw", "member", Rules.RlwAccredited)]);
        var employer = await app.EmployerAsync();
        var key = Guid.NewGuid().ToString();
        var body = $$"""{"charterId":"{{charter}}"}""";

        using var first = await PostAsync($"/api/v1/employers/{employer}/memberships", body, key);
        using var replay = await PostAsync($"/api/v1/employers/{employer}/memberships", body, key);
        using var unkeyed = await PostAsync($"/api/v1/employers/{employer}/memberships", body);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, replay.StatusCode));
        Assert.Equal($"/api/v1/employers/{employer}/memberships/{charter}", replay.Headers.Location?.OriginalString);
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, unkeyed.StatusCode); // without a key, a second join is "already a member"
        Assert.Equal(1, (await app.GetAsync($"/api/v1/employers/{employer}/memberships")).GetArrayLength());
    }

    [Fact]
    public async Task PublishReplay_Answers201WithTheSameVersion_AndPublishesOnce()
    {
        var charter = NewId("charter");
        await app.PutDraftAsync(charter, ["member"], [("rlw", "member", Rules.RlwAccredited)]);
        var key = Guid.NewGuid().ToString();

        using var first = await PostAsync($"/api/v1/charters/{charter}/publish", null, key);
        using var replay = await PostAsync($"/api/v1/charters/{charter}/publish", null, key);
        using var unkeyed = await PostAsync($"/api/v1/charters/{charter}/publish", null);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, replay.StatusCode));
        Assert.Equal(1, (await BodyAsync(replay)).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, unkeyed.StatusCode); // without a key: no draft left to publish
        Assert.Equal([1], (await app.GetAsync($"/api/v1/charters/{charter}")).GetProperty("versions").EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public void KeyHonouredOn_EveryCreatingPost_AndNotOnTheWhatIf_NorOnAKeyIssue()
    {
        var posts = app.Platform.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .ToList();

        var honoured = posts.Where(e => IdempotencyGate.Applies(e, "POST")).Select(e => e.RoutePattern.RawText).Order(StringComparer.Ordinal);
        var ignored = posts.Where(e => !IdempotencyGate.Applies(e, "POST")).Select(e => e.RoutePattern.RawText);

        Assert.Equal(
            ["/api/v1/charters/{charterId}/applications/{employerId}/decision", "/api/v1/charters/{charterId}/members/{employerId}/sample",
                "/api/v1/charters/{charterId}/publish", "/api/v1/connectors/{connectorId}/sync", "/api/v1/employers/{employerId}/evidence",
                "/api/v1/employers/{employerId}/evidence/{itemId}/verify", "/api/v1/employers/{employerId}/memberships",
                "/api/v1/official-indicators/import", "/api/v1/partners/{partnerId}/evidence", "/api/v1/regions/{regionCode}/indicators/snapshots", "/api/v1/wage-rates",
                "/employers/{employerId}"],
            honoured);
        Assert.Equal(["/api/v1/charters/{charterId}/assess", "/api/v1/charters/{charterId}/draft/impact", "/api/v1/employers/import", "/api/v1/employers/{employerId}/calendar/feed", "/api/v1/keys", "/api/v1/sign-in-links", "/api/v1/webhooks/", "/sign-in", "/sign-out"],
            ignored.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OpenApi_ListsTheHeaderOnTheCreatingPosts()
    {
        var document = await app.GetAsync("/openapi/v1.json");

        bool Lists(string path, string method) =>
            document.GetProperty("paths").GetProperty(path).GetProperty(method).TryGetProperty("parameters", out var parameters) &&
            parameters.EnumerateArray().Any(p => p.GetProperty("name").GetString() == IdempotencyKey.Header && p.GetProperty("in").GetString() == "header");

        Assert.True(Lists("/api/v1/employers/{employerId}/evidence", "post"));
        Assert.True(Lists("/api/v1/employers/{employerId}/memberships", "post"));
        Assert.False(Lists("/api/v1/charters/{charterId}/assess", "post"));
        Assert.False(Lists("/api/v1/employers/{employerId}", "put"));
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string? json, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (key is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(IdempotencyKey.Header, key), $"the client refused the key '{key}'");
        }

        return await app.Http.SendAsync(request);
    }
}
