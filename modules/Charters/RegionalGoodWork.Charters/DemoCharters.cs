using System.Text;

namespace RegionalGoodWork.Charters;

/// <summary>
/// The demo region's charters, shipped as JSON definition files (<c>Seed/&lt;charter-id&gt;.json</c>, embedded). The file
/// name is the charter id. Read by the seeder at silo start and by the tests, through this one loader.
/// </summary>
internal static class DemoCharters
{
    private const string Prefix = "charters/";

    public static IReadOnlyList<(string CharterId, string Json)> Load()
    {
        var assembly = typeof(DemoCharters).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return (n[Prefix.Length..^".json".Length], reader.ReadToEnd());
            })
            .ToList();
    }
}
