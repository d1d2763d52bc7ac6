using System.Text.RegularExpressions;
using RegionalGoodWork.TestKit;

namespace RegionalGoodWork.ArchitectureTests;

/// <summary>Every log line is a source-generated <c>[LoggerMessage]</c> (style.md): no <c>LoggerExtensions</c> calls in src/ or modules/.</summary>
public sealed partial class LoggingTests
{
    [Fact]
    public void NoSourceFile_LogsThroughLoggerExtensions()
    {
        var root = Repository.Root;
        var offenders = new[] { "src", "modules" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => ExtensionCall().Matches(File.ReadAllText(f)).Select(m => $"{Path.GetRelativePath(root, f)}: {m.Value}"))
            .ToList();

        Assert.True(offenders.Count == 0, "log calls that are not [LoggerMessage]: " + string.Join("; ", offenders));
    }

    [GeneratedRegex(@"\.(Log(Trace|Debug|Information|Warning|Error|Critical)|Log|BeginScope)\(")]
    private static partial Regex ExtensionCall();
}
