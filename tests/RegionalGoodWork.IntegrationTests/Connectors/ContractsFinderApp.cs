using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.IntegrationTests.Connectors;

/// <summary>
/// A platform of its own on PostgreSQL with the <c>contracts-finder</c> connector pointing at a stub of Contracts Finder's
/// OCDS search on 127.0.0.1 (its own, so the real company numbers of the notices are claimed by no other test's
/// employers), 30 notices a page, retries 50 ms apart.
/// </summary>
public sealed class ContractsFinderApp : IAsyncLifetime
{
    public const string Id = "contracts-finder";

    public const int PageSize = 30;

    public PlatformApp App { get; private set; } = null!;

    public PartnerStub Stub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stub = await PartnerStub.StartAsync();
        Stub.Default = OcdsSearch.Serve(Stub.BaseUrl);
        App = await PlatformApp.StartOnPostgresAsync(ConnectorSettings.For(
            Id, Stub, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(15),
            ("PublishedFrom", "2019-01-01T00:00:00Z"), ("PageSize", PageSize.ToString(CultureInfo.InvariantCulture))));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Stub.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ContractsFinderCollection : ICollectionFixture<ContractsFinderApp>
{
    public const string Name = "contracts-finder";
}

/// <summary>
/// Contracts Finder's OCDS search, served from the real notices in <c>Data/ocds</c>: every release, ordered by its
/// package's publication date, <c>limit</c> a page, each page an OCDS package with <c>links.next</c> (absolute, with a
/// <c>cursor</c>) but the last. It serves every notice whatever <c>publishedFrom</c> asks — a partner sending the same
/// notices again — so a second run reads them all again. <c>change</c> edits the releases (malformed ids), <c>page</c>
/// replaces one page's body (1-based) and <c>next</c> replaces the first page's next link.
/// </summary>
internal static class OcdsSearch
{
    private static readonly Lazy<IReadOnlyList<(string Published, string Release)>> Notices = new(() =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "tests", "RegionalGoodWork.IntegrationTests", "Connectors", "Data", "ocds"), "*.json")
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!)
            .SelectMany(p => p["releases"]!.AsArray().Select(r => (Published: p["publishedDate"]!.GetValue<string>(), Release: r!.ToJsonString())))
            .OrderBy(n => n.Published, StringComparer.Ordinal).ThenBy(n => n.Release, StringComparer.Ordinal)
            .ToList());

    public static int Count => Notices.Value.Count;

    public static Func<HttpContext, Task> Serve(
        Uri baseUrl, Action<JsonObject>? change = null, (int Page, string Body)? page = null, string? next = null) => async context =>
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 100;
        var offset = int.TryParse(query["cursor"], CultureInfo.InvariantCulture, out var c) ? c : 0;
        var number = (offset / limit) + 1;
        context.Response.ContentType = "application/json";
        if (page is { } replaced && replaced.Page == number)
        {
            await context.Response.WriteAsync(replaced.Body);
            return;
        }

        var releases = new JsonArray();
        foreach (var (_, text) in Notices.Value.Skip(offset).Take(limit))
        {
            var release = JsonNode.Parse(text)!.AsObject();
            change?.Invoke(release);
            releases.Add(release);
        }

        var body = new JsonObject
        {
            ["uri"] = $"{baseUrl}Published/Notices/OCDS/Search",
            ["version"] = "1.1",
            ["publishedDate"] = "2020-08-01T00:00:00Z",
            ["releases"] = releases,
        };
        if (offset + limit < Count)
        {
            var link = number == 1 && next is not null
                ? next
                : $"{baseUrl}Published/Notices/OCDS/Search?publishedFrom={Uri.EscapeDataString(query["publishedFrom"].ToString())}&publishedTo={Uri.EscapeDataString(query["publishedTo"].ToString())}&limit={limit}&cursor={offset + limit}";
            body["links"] = new JsonObject { ["next"] = link };
        }

        await context.Response.WriteAsync(body.ToJsonString());
    };

    /// <summary>
    /// Gives the supplier party named <paramref name="name"/> a charity number as its identifier and its Companies House id
    /// among <c>additionalIdentifiers</c>, as OCDS publishers do for charitable companies.
    /// </summary>
    public static Action<JsonObject> CharityWithCompanyNumber(string name, string charity) => release =>
    {
        foreach (var party in release["parties"]!.AsArray().OfType<JsonObject>().Where(p => p["name"]?.GetValue<string>() == name))
        {
            var company = party["identifier"]!.DeepClone();
            party["identifier"] = new JsonObject { ["scheme"] = "GB-CHC", ["id"] = charity };
            party["additionalIdentifiers"] = new JsonArray(company);
        }
    };

    /// <summary>Sets the identifier id of the supplier party named <paramref name="name"/> in every release.</summary>
    public static Action<JsonObject> SupplierId(params (string Name, string Id)[] ids) => release =>
    {
        foreach (var party in release["parties"]!.AsArray().OfType<JsonObject>())
        {
            foreach (var (name, id) in ids)
            {
                if (party["name"]?.GetValue<string>() == name)
                {
                    party["identifier"]!["id"] = id;
                }
            }
        }
    };
}
