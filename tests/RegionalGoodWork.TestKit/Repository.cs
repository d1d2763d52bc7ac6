namespace RegionalGoodWork.TestKit;

/// <summary>Where the repository is, found from the test's build output (tests/&lt;project&gt;/bin/&lt;Configuration&gt;/&lt;tfm&gt;/).</summary>
public static class Repository
{
    private static readonly DirectoryInfo TestBin = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The folder holding RegionalGoodWork.sln.</summary>
    public static string Root
    {
        get
        {
            var root = TestBin;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "RegionalGoodWork.sln")))
            {
                root = root.Parent;
            }

            return root?.FullName ?? throw new DirectoryNotFoundException($"No RegionalGoodWork.sln above {TestBin.FullName}");
        }
    }

    /// <summary>The build configuration and target framework the tests run in (the host is built beside, alike).</summary>
    public static (string Configuration, string Framework) Build => (TestBin.Parent!.Name, TestBin.Name);
}
