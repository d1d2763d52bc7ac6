using Refit;

namespace RegionalGoodWork.Connectors.Integrations;

/// <summary>
/// ONS "Explore local statistics" CSVs, each at a configured path under <c>Connectors:ons:BaseUrl</c>
/// (<c>Connectors:ons:Datasets:n</c>, see <see cref="OnsDataset"/>).
/// </summary>
internal interface IOnsApi
{
    /// <summary><paramref name="path"/> keeps its slashes (each segment escaped); <paramref name="query"/> is sent as given.</summary>
    [Get("/{**path}")]
    Task<string> DownloadAsync(string path, [Query] IDictionary<string, string> query, CancellationToken cancellationToken);
}

/// <summary>A configured dataset: a path under the connector's BaseUrl, optionally with a query.</summary>
internal static class OnsDataset
{
    /// <summary>A relative path: no scheme or host, no <c>..</c> segment, not empty.</summary>
    public static bool IsValid(string? dataset) =>
        !string.IsNullOrWhiteSpace(dataset)
        && !dataset.Contains("://", StringComparison.Ordinal)
        && !dataset.StartsWith("//", StringComparison.Ordinal)
        && !dataset.Contains('\\', StringComparison.Ordinal)
        && Path(dataset).Length > 0
        && !Path(dataset).Split('/').Any(segment => segment is ".." or ".");

    /// <summary>The path part, without leading slashes or the query.</summary>
    public static string Path(string dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var at = dataset.IndexOf('?', StringComparison.Ordinal);
        return (at < 0 ? dataset : dataset[..at]).Trim().TrimStart('/');
    }

    /// <summary>The query's parameters (unescaped, so Refit escapes them once), in order.</summary>
    public static Dictionary<string, string> Query(string dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var at = dataset.IndexOf('?', StringComparison.Ordinal);
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (at < 0)
        {
            return query;
        }

        foreach (var pair in dataset[(at + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = eq < 0 ? (pair, "") : (pair[..eq], pair[(eq + 1)..]);
            query[Uri.UnescapeDataString(name)] = Uri.UnescapeDataString(value);
        }

        return query;
    }
}
