using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Api;

/// <summary>
/// Black-box robustness of the HTTP contract: bad input of every sort gets a 4xx application/problem+json with
/// type, title, status and detail (and errors for validation), never a 500 or an empty body, and stores nothing.
/// </summary>
[Collection(Collections.Platform)]
public sealed class BadRequestTests(PlatformFixture fixture)
{
    private PlatformApp App => fixture.App;

    public static TheoryData<string, string> JsonRoutes => new()
    {
        { "PUT", "/api/v1/evidence-kinds/bb.kind" },
        { "PUT", "/api/v1/charters/bb-charter/draft" },
        { "POST", "/api/v1/charters/gm-gec/assess" },
        { "PUT", "/api/v1/employers/bb-employer" },
        { "POST", "/api/v1/employers/bb-employer/evidence" },
        { "POST", "/api/v1/employers/bb-employer/memberships" },
        { "PUT", "/api/v1/regions/E47000001" },
        { "PUT", "/api/v1/local-authorities/E08000003" },
    };

    [Theory]
    [MemberData(nameof(JsonRoutes))]
    public async Task JsonRoute_MalformedJson_Answers400ProblemWithErrors(string method, string path)
    {
        using var response = await SendAsync(App.Http, method, path, "{\"name\": oops", "application/json");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors), "a malformed body is reported in errors");
        Assert.Contains("JSON", errors.GetProperty("$")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(JsonRoutes))]
    public async Task JsonRoute_EmptyBody_Answers400Problem(string method, string path)
    {
        using var response = await SendAsync(App.Http, method, path, "", "application/json");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(JsonRoutes))]
    public async Task JsonRoute_NoBodyAtAll_Answers400Problem(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await App.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(JsonRoutes))]
    public async Task JsonRoute_TextPlainBody_Answers415Problem(string method, string path)
    {
        using var response = await SendAsync(App.Http, method, path, "{}", "text/plain");

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("PUT", "/api/v1/regions/E47000001", "[]")]
    [InlineData("PUT", "/api/v1/regions/E47000001", "{\"name\": 5, \"localAuthorities\": \"E08000003\"}")]
    [InlineData("PUT", "/api/v1/local-authorities/E08000003", "\"Manchester\"")]
    public async Task TypedBody_WrongShape_Answers400ProblemWithErrors(string method, string path, string body)
    {
        using var response = await SendAsync(App.Http, method, path, body, "application/json");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out _), "a body of the wrong shape is reported in errors");
    }

    [Theory]
    [InlineData("PUT", "/api/v1/local-authorities/E08000003%0A", "{\"name\": \"Look-alike\"}")]
    [InlineData("PUT", "/api/v1/local-authorities/E08000003%0D%0A", "{\"name\": \"Look-alike\"}")]
    [InlineData("PUT", "/api/v1/regions/E47000001%0A", "{\"name\": \"Look-alike\", \"localAuthorities\": []}")]
    [InlineData("PUT", "/api/v1/charters/bb-look%0A/draft", "{\"name\": \"x\", \"owner\": \"E47000001\", \"tiers\": [\"member\"], \"requirements\": []}")]
    [InlineData("PUT", "/api/v1/evidence-kinds/bb.look%0A", "{\"principle\": \"dignity\", \"type\": \"bool\", \"validityMonths\": 12, \"verifiers\": [], \"description\": \"x\"}")]
    public async Task LookAlikeId_WithATrailingNewline_Answers400_AndCreatesNothing(string method, string path, string body)
    {
        using var response = await SendAsync(App.Http, method, path, body, "application/json");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var council = await App.GetJsonAsync<JsonElement>("/api/v1/local-authorities/E08000003");
        Assert.Equal("Manchester", council.GetProperty("name").GetString());
    }

    [Fact]
    public async Task OverlongLists_AreRefusedBeforeAnyFanOut_AndChangeNothing()
    {
        var councils = string.Join(",", Enumerable.Range(0, 501).Select(i => $"\"E{i:D8}\""));
        using var region = await SendAsync(App.Http, "PUT", "/api/v1/regions/E47000001", $$"""{"name":"Too big","localAuthorities":[{{councils}}]}""", "application/json");
        var sites = string.Join(",", Enumerable.Range(0, 2001).Select(_ => """{"localAuthority":"E08000003","headcount":1}"""));
        using var employer = await SendAsync(App.Http, "PUT", "/api/v1/employers/bb-too-many-sites", $$"""{"name":"Too many","sites":[{{sites}}]}""", "application/json");

        var regionProblem = await AssertProblemAsync(region, HttpStatusCode.BadRequest);
        Assert.True(regionProblem.GetProperty("errors").TryGetProperty("localAuthorities", out _));
        var employerProblem = await AssertProblemAsync(employer, HttpStatusCode.BadRequest);
        Assert.True(employerProblem.GetProperty("errors").TryGetProperty("sites", out _));
        Assert.NotEqual("Too big", (await App.GetJsonAsync<JsonElement>("/api/v1/regions/E47000001")).GetProperty("name").GetString());
        using var stored = await App.Http.GetAsync(new Uri("/api/v1/employers/bb-too-many-sites", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [Fact]
    public async Task AdminRoute_NoKeyAndNoBody_Answers401NotA500()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/employers/bb-employer/evidence", UriKind.Relative));
        using var response = await App.Anonymous.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AdminRoute_WrongKeyAndMalformedBody_Answers401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri("/api/v1/evidence-kinds/bb.kind", UriKind.Relative))
        {
            Content = new StringContent("{oops", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", "not-the-key");
        using var response = await App.Anonymous.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/v1/local-authorities/E08000003/indicators?year=abc", "year")]
    [InlineData("/api/v1/regions/E47000001/indicators?year=20x6", "year")]
    [InlineData("/api/v1/employers/demo-x/evidence?history=maybe", "history")]
    public async Task QueryString_UnparsableValue_Answers400ProblemNamingTheParameter(string path, string parameter)
    {
        using var response = await App.Http.GetAsync(new Uri(path, UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), $"errors names '{parameter}'");
    }

    [Theory]
    [InlineData("GET", "/api/v1/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/charters/gm-gec/versions/abc", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/charters/gm-gec/publish", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/api/v1/principles", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PATCH", "/api/v1/evidence-kinds/pay.rlw-accredited", HttpStatusCode.MethodNotAllowed)]
    public async Task UnknownRouteOrMethod_AnswersProblemWithDetail(string method, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await App.Http.SendAsync(request);

        await AssertProblemAsync(response, expected);
    }

    [Fact]
    public async Task Body_LargerThanTheLimit_Answers413ProblemWithDetail()
    {
        // A client sending a large body asks first (Expect: 100-continue), as curl does: the refusal then arrives before
        // the body is sent instead of as a reset connection half-way through it.
        var items = string.Join(",", Enumerable.Repeat("{\"kind\":\"pay.rlw-accredited\",\"value\":true}", 420_000));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/v1/employers/bb-big/evidence", UriKind.Relative))
        {
            Content = new StringContent($"{{\"items\":[{items}]}}", Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await App.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task RejectedEmployerBodies_StoreNothing()
    {
        foreach (var body in new[] { "", "{\"name\": ", "[]" })
        {
            using var rejected = await SendAsync(App.Http, "PUT", "/api/v1/employers/bb-never", body, "application/json");
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        }

        using var read = await App.Http.GetAsync(new Uri("/api/v1/employers/bb-never", UriKind.Relative));
        await AssertProblemAsync(read, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ValidJsonWithoutContentType_IsReadAsJson()
    {
        using var content = new StringContent("{\"name\":\"No Header Ltd\",\"sites\":[{\"localAuthority\":\"E08000003\",\"headcount\":4}]}");
        content.Headers.ContentType = null;
        using var response = await App.Http.PutAsync(new Uri("/api/v1/employers/bb-no-header", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var profile = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("No Header Ltd", profile.GetProperty("name").GetString());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string body, string contentType)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await client.SendAsync(request);
    }

    /// <summary>The answer is an RFC 9457 problem with the given status and every member api.md names.</summary>
    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        foreach (var member in new[] { "type", "title", "detail" })
        {
            Assert.True(problem.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String &&
                        value.GetString()!.Length > 0, $"problem has a '{member}': {text}");
        }

        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
