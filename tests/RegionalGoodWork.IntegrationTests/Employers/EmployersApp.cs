using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Employers;

/// <summary>
/// One platform (HTTP host + silo on a fresh PostgreSQL database) shared by a test class, with helpers that speak
/// the HTTP API the way a client would. Ids are unique per call so tests sharing the app never see each other.
/// </summary>
public sealed class EmployersApp : IAsyncLifetime
{
    public PlatformApp Platform { get; private set; } = null!;

    public HttpClient Http => Platform.Http;

    public async Task InitializeAsync() =>
        Platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?>
        {
            ["Indicators:MinimumEmployers"] = "1",
            ["Modules:Places:FlushInterval"] = "00:00:00",
            ["Modules:Charters:MemberIndexWriteDelay"] = "00:00:00",
            ["Modules:Employers:ViewRetryDelay"] = "00:00:00.200",
        });

    public async Task DisposeAsync() => await Platform.DisposeAsync();

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>
    /// A charter with the given tiers whose requirements are (id, tier, rule JSON); published unless <paramref name="publish"/> is false.
    /// </summary>
    public async Task<string> CharterAsync(string[] tiers, (string Id, string Tier, string Rule)[] requirements, bool publish = true, string? id = null)
    {
        id ??= NewId("charter");
        await PutDraftAsync(id, tiers, requirements);
        if (publish)
        {
            await PublishAsync(id);
        }

        return id;
    }

    public async Task PutDraftAsync(string charterId, string[] tiers, (string Id, string Tier, string Rule)[] requirements)
    {
        var reqs = string.Join(",", requirements.Select(r =>
            $$"""{"id":"{{r.Id}}","title":"{{r.Id}}","tier":"{{r.Tier}}","principle":"fair-pay","rule":{{r.Rule}}}"""));
        var body = $$"""{"name":"Test charter {{charterId}}","owner":"E47000001","tiers":{{JsonSerializer.Serialize(tiers)}},"requirements":[{{reqs}}]}""";
        var response = await Http.PutAsync(new Uri($"/api/v1/charters/{charterId}/draft", UriKind.Relative), Json(body));
        Assert.True(response.IsSuccessStatusCode, $"draft {charterId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task PublishAsync(string charterId)
    {
        var response = await Http.PostAsync(new Uri($"/api/v1/charters/{charterId}/publish", UriKind.Relative), null);
        Assert.True(response.IsSuccessStatusCode, $"publish {charterId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<string> EmployerAsync(string localAuthority = "E08000003", int headcount = 40, string? id = null)
    {
        id ??= NewId("emp");
        var response = await SendAsync(HttpMethod.Put, $"/api/v1/employers/{id}",
            $$"""{"name":"Employer {{id}}","sites":[{"localAuthority":"{{localAuthority}}","headcount":{{headcount}}}]}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    public async Task JoinAsync(string employerId, params string[] charterIds)
    {
        foreach (var charterId in charterIds)
        {
            var response = await SendAsync(HttpMethod.Post, $"/api/v1/employers/{employerId}/memberships", $$"""{"charterId":"{{charterId}}"}""");
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"join {charterId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>POSTs a batch and returns the status and the parsed body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SubmitAsync(string employerId, string itemsJson)
    {
        var response = await SendAsync(HttpMethod.Post, $"/api/v1/employers/{employerId}/evidence", $$"""{"items":{{itemsJson}}}""");
        return (response.StatusCode, await BodyAsync(response));
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await BodyAsync(response);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> TryGetAsync(string path)
    {
        var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await BodyAsync(response));
    }

    public async Task<JsonElement> MembershipAsync(string employerId, string charterId) =>
        (await GetAsync($"/api/v1/employers/{employerId}/memberships")).EnumerateArray()
        .Single(m => m.GetProperty("charterId").GetString() == charterId);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = json is null ? null : Json(json) };
        return await Http.SendAsync(request);
    }

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string? Tier(JsonElement membership) =>
        membership.GetProperty("tier").ValueKind == JsonValueKind.Null ? null : membership.GetProperty("tier").GetString();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

/// <summary>Rules written the way charters are written on the wire.</summary>
internal static class Rules
{
    public const string RlwAccredited = """{"kind":"pay.rlw-accredited","op":"eq","value":true}""";
    public const string AllStaffPaidRlw = """{"kind":"pay.share-staff-paid-rlw","op":"gte","value":100}""";
    public const string RlwEither = """{"anyOf":[{"kind":"pay.rlw-accredited","op":"eq","value":true},{"kind":"pay.share-staff-paid-rlw","op":"gte","value":100}]}""";
    public const string FlexibleFromDayOne = """{"kind":"flex.flexible-from-day-one","op":"eq","value":true}""";
    public const string SickPayFromDayOne = """{"kind":"pay.sick-pay-from-day-one","op":"eq","value":true}""";

    public static string ShiftNotice(int days) => $$"""{"kind":"conditions.shift-notice-days","op":"gte","value":{{days}}}""";
}
