using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using RegionalGoodWork.IntegrationTests.Shared;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Api;

/// <summary>
/// The OpenAPI document a partner's client generator reads (/openapi/v1.json): it passes Redocly's recommended rules
/// (tools/openapi-lint, with an operationId required), names every operation, and declares the API key exactly where
/// the platform asks for one.
/// </summary>
[Collection(Collections.Platform)]
public sealed partial class OpenApiTests(PlatformFixture fixture)
{
    private PlatformApp App => fixture.App;

    [Fact]
    public async Task Document_LintedWithRedoclyRecommendedRules_HasNoErrors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rgw-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, await App.Anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        try
        {
            var report = await Redocly.LintAsync(path);

            var errors = report.GetProperty("problems").EnumerateArray()
                .Where(p => p.GetProperty("severity").GetString() == "error")
                .Select(p => $"{p.GetProperty("ruleId").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}: {p.GetProperty("message").GetString()}")
                .ToList();
            Assert.True(errors.Count == 0 && report.GetProperty("totals").GetProperty("errors").GetInt32() == 0,
                $"Redocly found {errors.Count} error(s) in /openapi/v1.json:\n{string.Join('\n', errors)}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Document_EveryOperation_HasAUniqueCamelCaseOperationIdASummaryAndA503WithRetryAfter()
    {
        var operations = Operations(await DocumentAsync()).ToList();

        Assert.NotEmpty(operations);
        var ids = operations.Select(o => o.Operation.TryGetProperty("operationId", out var id) ? id.GetString() : null).ToList();
        Assert.All(operations.Zip(ids), o => Assert.True(o.Second is { } id && CamelCase().IsMatch(id), $"{o.First.Method} {o.First.Path}: operationId '{o.Second}' is not camelCase"));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(o.Operation.TryGetProperty("summary", out var s) ? s.GetString() : null),
            $"{o.Method} {o.Path} has no summary"));
        Assert.All(operations, o => Assert.True(
            o.Operation.GetProperty("responses").TryGetProperty("503", out var outage) && outage.GetProperty("headers").TryGetProperty("Retry-After", out _),
            $"{o.Method} {o.Path} does not declare 503 with Retry-After"));
    }

    /// <summary>
    /// What the document says against what the platform does: every operation called without a key answers 401 if and only
    /// if the document says it needs the key (and then it declares the 401). Bodies are left out: a route asking for a key
    /// refuses before it reads one, and a public one refuses the missing body, so nothing is stored.
    /// </summary>
    [Fact]
    public async Task Document_DeclaresTheApiKey_ExactlyOnTheOperationsThatAnswer401WithoutOne()
    {
        var document = await DocumentAsync();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"),
            (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));

        var mismatches = new List<string>();
        var needingKey = 0;
        foreach (var (method, path, operation) in Operations(document))
        {
            var needsKey = operation.GetProperty("security").EnumerateArray().Any(r => r.TryGetProperty("ApiKey", out _));
            needingKey += needsKey ? 1 : 0;
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), new Uri(Fill(path), UriKind.Relative));
            using var response = await App.Anonymous.SendAsync(request);
            var answered401 = response.StatusCode == HttpStatusCode.Unauthorized;
            if (needsKey != answered401 || needsKey != operation.GetProperty("responses").TryGetProperty("401", out _))
            {
                mismatches.Add($"{method.ToUpperInvariant()} {path}: document says key {(needsKey ? "required" : "not required")}, anonymous call answered {(int)response.StatusCode}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
        Assert.InRange(needingKey, 1, Operations(document).Count() - 1);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var json = JsonDocument.Parse(await App.Anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        return json.RootElement.Clone();
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(o => o.Name is "get" or "put" or "post" or "delete" or "patch")
            .Select(o => (o.Name, path.Name, o.Value)));

    /// <summary>A path template with its parameters filled by well-formed ids of nothing this test class owns.</summary>
    private static string Fill(string template) => Parameter().Replace(template, m => m.Groups[1].Value switch
    {
        "regionCode" => "E47000001",
        "gss" => "E08000003",
        "version" => "1",
        "kindId" => "pay.rlw-accredited",
        "id" => "0123456789abcdef",
        _ => "openapi-probe",
    });

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex Parameter();

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();
}

/// <summary>
/// Redocly's CLI as pinned in tools/openapi-lint (package-lock.json; tools/test.sh runs <c>npm ci</c> there). When it cannot
/// run, the lint test fails and says why: a document nobody linted is not a passing one.
/// </summary>
internal static class Redocly
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<JsonElement> LintAsync(string documentPath)
    {
        var project = Path.Combine(Repository.Root, "tools", "openapi-lint");
        var cli = Path.Combine(project, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(cli), $"Redocly's CLI is not installed at {cli}: run `npm ci` in tools/openapi-lint (tools/test.sh does).");

        var start = new ProcessStartInfo(cli)
        {
            WorkingDirectory = project,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "lint", documentPath, "--config", Path.Combine(project, "redocly.yaml"), "--format=json" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off"; // no call home: the lint runs offline once installed
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {cli}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"redocly lint did not finish within {Timeout}.");
        }

        var output = await stdout;
        var json = output.IndexOf('{', StringComparison.Ordinal);
        Assert.True(json >= 0, $"redocly lint printed no report (exit code {process.ExitCode}):\n{output}\n{await stderr}");
        using var report = JsonDocument.Parse(output[json..]);
        return report.RootElement.Clone();
    }
}
