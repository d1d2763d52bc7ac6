using System.Text.Json;
using Microsoft.Playwright;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.PortalTests;

/// <summary>
/// One platform on PostgreSQL with the demo region loaded (40 fictional employers: few enough that some councils' figures
/// are suppressed) and one headless Debian chromium driven by Playwright for the tests of the collection. Fails, never
/// skips, when chromium or axe-core is missing (tools/test.sh and .ci/run install them).
/// </summary>
public sealed class PortalBrowser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>Where each page's screenshot is kept (ignored by git): artifacts/screenshots/ at the repository's root.</summary>
    public static string Screenshots { get; } = Path.Combine(Repository.Root, "artifacts", "screenshots");

    private static readonly string AxePath = Path.Combine(Repository.Root, "src", "RegionalGoodWork.Portal", "node_modules", "axe-core", "axe.min.js");

    private IPlaywright? playwright;

    public PlatformApp Platform { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Axe { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"{Chromium} is missing: the browser tests need Debian's chromium (apt-get install -y chromium; .ci/run installs it as root).");
        }

        if (!File.Exists(AxePath))
        {
            throw new InvalidOperationException($"{AxePath} is missing: run npm ci in src/RegionalGoodWork.Portal (tools/test.sh does).");
        }

        Axe = await File.ReadAllTextAsync(AxePath);
        Directory.CreateDirectory(Screenshots);
        Platform = await PlatformApp.StartOnPostgresAsync(new Dictionary<string, string?> { ["Demo:Seed"] = "true", ["Demo:Employers"] = "40" });
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }
    }

    /// <summary>A fresh page (its own cookies), its base address the platform; every request it makes is recorded.</summary>
    public async Task<(IPage Page, List<string> Requests)> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Platform.Anonymous.BaseAddress!.ToString(), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, r) => { lock (requests) { requests.Add(r.Url); } };
        return (page, requests);
    }

    /// <summary>
    /// Runs axe-core in the page (WCAG 2.0–2.2 A and AA rules and best practices) and returns the serious and critical
    /// violations, each as "rule (impact): help — nodes".
    /// </summary>
    public async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Content = Axe });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
              return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }));
            }
            """);
        return violations.EnumerateArray()
            .Where(v => v.GetProperty("impact").GetString() is "serious" or "critical")
            .Select(v => $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()} — " +
                         string.Join(", ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))
            .ToList();
    }

    /// <summary>
    /// What every page must be: styled by GOV.UK Frontend served by the platform itself (no other address asked for
    /// anything), in the system font rather than GDS Transport, free of serious and critical axe-core violations; and
    /// its screenshot kept.
    /// </summary>
    public async Task AssertLooksRightAsync(IPage page, List<string> requests, string name)
    {
        await ScreenshotAsync(page, name);
        var origin = Platform.Anonymous.BaseAddress!.GetLeftPart(UriPartial.Authority);
        lock (requests)
        {
            Assert.All(requests, r => Assert.StartsWith(origin, r, StringComparison.Ordinal));
            Assert.Contains(requests, r => r.EndsWith("/assets/portal/govuk/govuk-frontend.min.css", StringComparison.Ordinal));
        }

        // GOV.UK Frontend's styles applied (the service navigation's grey band), the typeface replaced.
        var font = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('h1')).fontFamily");
        Assert.DoesNotContain("GDS Transport", font, StringComparison.Ordinal);
        var band = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.govuk-service-navigation')).backgroundColor");
        Assert.NotEqual("rgba(0, 0, 0, 0)", band);

        var violations = await SeriousAccessibilityViolationsAsync(page);
        Assert.True(violations.Count == 0, $"axe-core on {page.Url}: " + string.Join("; ", violations));
    }

    /// <summary>Keeps a full-page screenshot as the test's artifact (artifacts/screenshots/{name}.png).</summary>
    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalBrowser>
{
    public const string Name = "portal in a browser";
}
