using System.Text.RegularExpressions;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.ArchitectureTests;

/// <summary>
/// One place knows how a grain is keyed (style.md): <c>GetGrain&lt;…&gt;</c> is called only inside a
/// <c>&lt;Module&gt;GrainKeys</c> static class — public ones in a Contracts project, internal ones (for a module's
/// internal grain faces) in the module. Checked on the source, since every other file must go through the helpers.
/// </summary>
public sealed partial class GrainKeyTests
{
    [Fact]
    public void GetGrain_IsCalledOnlyInGrainKeyHelpers()
    {
        var root = Repository.Root;
        var offenders = new List<string>();
        var helpers = 0;
        foreach (var file in SourceFiles(root))
        {
            var text = File.ReadAllText(file);
            var contracts = Path.GetDirectoryName(file)!.Split(Path.DirectorySeparatorChar).Any(d => d.EndsWith(".Contracts", StringComparison.Ordinal));
            foreach (Match call in GetGrainCall().Matches(text))
            {
                var owner = ClassDeclaration().Matches(text[..call.Index]).LastOrDefault();
                var name = owner?.Groups["name"].Value ?? "";
                var isPublic = owner?.Groups["mod"].Value.Contains("public", StringComparison.Ordinal) ?? false;
                var allowed = name.EndsWith("GrainKeys", StringComparison.Ordinal) && (contracts || !isPublic);
                if (allowed)
                {
                    helpers++;
                }
                else
                {
                    offenders.Add($"{Path.GetRelativePath(root, file)}:{text[..call.Index].Count(c => c == '\n') + 1} (in {(name.Length == 0 ? "no class" : name)})");
                }
            }
        }

        Assert.True(helpers >= 5, $"expected the grain-key helpers to be found, found {helpers} calls");
        Assert.True(offenders.Count == 0, "grain keys built by hand outside a <Module>GrainKeys helper: " + string.Join("; ", offenders));
    }

    [Fact]
    public void EveryContractsProjectWithAGrain_ShipsOneGrainKeysClass()
    {
        var root = Repository.Root;
        foreach (var contracts in Directory.GetDirectories(Path.Combine(root, "modules"), "*.Contracts", SearchOption.AllDirectories))
        {
            var files = Directory.GetFiles(contracts, "*.cs", SearchOption.AllDirectories).Where(f => !IsGenerated(f)).Select(File.ReadAllText).ToList();
            if (!files.Any(t => t.Contains("IGrainWithStringKey", StringComparison.Ordinal) || t.Contains("IGrainWithIntegerKey", StringComparison.Ordinal)))
            {
                continue;
            }

            var classes = files.SelectMany(t => ClassDeclaration().Matches(t)).Select(m => m.Groups["name"].Value)
                .Where(n => n.EndsWith("GrainKeys", StringComparison.Ordinal)).ToList();
            Assert.True(classes.Count == 1, $"{Path.GetFileName(contracts)} has {classes.Count} *GrainKeys classes ({string.Join(", ", classes)}); expected one");
        }
    }

    private static IEnumerable<string> SourceFiles(string root) =>
        new[] { "src", "modules" }.SelectMany(d => Directory.GetFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories)).Where(f => !IsGenerated(f));

    private static bool IsGenerated(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    [GeneratedRegex(@"\.GetGrain<")]
    private static partial Regex GetGrainCall();

    [GeneratedRegex(@"^(?<mod>(?:(?:public|internal|private|static|sealed|partial|abstract)\s+)*)(?:class|record|interface|struct)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex ClassDeclaration();
}
