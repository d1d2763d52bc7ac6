using System.Reflection;
using System.Xml.Linq;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Assembly = System.Reflection.Assembly;
using RegionalGoodWork.TestKit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace RegionalGoodWork.ArchitectureTests;

/// <summary>
/// Module boundaries (style.md): an implementation uses other modules only through their Contracts;
/// Contracts depend only on the shared kernel; nothing but tests references the host. Checked twice:
/// on the compiled IL (ArchUnitNET) and on the project files (a dependency that is only a const is
/// invisible in IL).
/// </summary>
public sealed class ModuleBoundaryTests
{
    private static readonly string[] Modules = Directory.GetDirectories(Path.Combine(Repository.Root, "modules"))
        .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();

    private static readonly Lazy<Architecture> Compiled = new(() =>
        new ArchLoader().LoadAssemblies(Modules.SelectMany(m => new[] { Implementation(m), Contracts(m) }).ToArray()).Build());

    public static TheoryData<string> ModuleNames()
    {
        var data = new TheoryData<string>();
        foreach (var m in Modules)
        {
            data.Add(m);
        }

        return data;
    }

    [Fact]
    public void Modules_AreDiscovered()
    {
        Assert.Contains("Charters", Modules);
        Assert.Contains("Employers", Modules);
        Assert.True(Modules.Length >= 4, $"found only: {string.Join(", ", Modules)}");
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Implementation_DoesNotUseAnotherModulesImplementation_InIL(string module)
    {
        foreach (var other in Modules.Where(o => o != module))
        {
            Types().That().ResideInAssembly(Implementation(module))
                .Should().NotDependOnAny(Types().That().ResideInAssembly(Implementation(other)))
                .Because($"{module} may use {other} only through RegionalGoodWork.{other}.Contracts")
                .Check(Compiled.Value);
        }
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void Contracts_DoNotUseAnyModuleImplementation_InIL(string module)
    {
        foreach (var other in Modules)
        {
            Types().That().ResideInAssembly(Contracts(module))
                .Should().NotDependOnAny(Types().That().ResideInAssembly(Implementation(other)))
                .Check(Compiled.Value);
        }
    }

    [Theory]
    [MemberData(nameof(ModuleNames))]
    public void ProjectReferences_FollowTheModuleRules(string module)
    {
        var implementation = References(Path.Combine("modules", module, $"RegionalGoodWork.{module}", $"RegionalGoodWork.{module}.csproj"));
        var contracts = References(Path.Combine("modules", module, $"RegionalGoodWork.{module}.Contracts", $"RegionalGoodWork.{module}.Contracts.csproj"));

        var badImplementationRefs = implementation
            .Where(r => r != "RegionalGoodWork.SharedKernel" && r != "RegionalGoodWork.BuildingBlocks" && !r.EndsWith(".Contracts", StringComparison.Ordinal))
            .ToList();
        // A module's published language may build on another's (Charters and Employers speak Taxonomy's evidence values).
        var badContractRefs = contracts
            .Where(r => r != "RegionalGoodWork.SharedKernel" && !r.EndsWith(".Contracts", StringComparison.Ordinal))
            .ToList();

        Assert.True(badImplementationRefs.Count == 0,
            $"RegionalGoodWork.{module} references {string.Join(", ", badImplementationRefs)}: use their Contracts instead");
        Assert.True(badContractRefs.Count == 0,
            $"RegionalGoodWork.{module}.Contracts references {string.Join(", ", badContractRefs)}: contracts depend only on the shared kernel and other Contracts");
    }

    /// <summary>The building blocks serve every module's implementation, so they may know none of them (nor the host).</summary>
    [Fact]
    public void BuildingBlocks_ReferenceNoProjectOfOurs()
    {
        var references = References(Path.Combine("src", "RegionalGoodWork.BuildingBlocks", "RegionalGoodWork.BuildingBlocks.csproj"));

        Assert.True(references.Count == 0, $"RegionalGoodWork.BuildingBlocks references {string.Join(", ", references)}");
    }

    /// <summary>
    /// The portal's pages read what the API reads, through the modules' Contracts (grain interfaces): never a module's
    /// implementation, never the host (so never the API's handlers or its HTTP).
    /// </summary>
    [Fact]
    public void Portal_ReferencesOnlyContractsAndTheSharedKernel()
    {
        var references = References(Path.Combine("src", "RegionalGoodWork.Portal", "RegionalGoodWork.Portal.csproj"));
        var bad = references.Where(r => r != "RegionalGoodWork.SharedKernel" && !r.EndsWith(".Contracts", StringComparison.Ordinal)).ToList();

        Assert.Contains("RegionalGoodWork.Places.Contracts", references);
        Assert.True(bad.Count == 0, $"RegionalGoodWork.Portal references {string.Join(", ", bad)}: pages read through the modules' Contracts");
    }

    [Fact]
    public void Portal_DoesNotUseAModuleImplementationOrTheHost_InIL()
    {
        var portal = Assembly.Load("RegionalGoodWork.Portal");
        var others = Modules.Select(Implementation).Append(typeof(RegionalGoodWork.Host.PlatformHost).Assembly).ToArray();
        var architecture = new ArchLoader().LoadAssemblies([portal, .. others]).Build();
        foreach (var other in others)
        {
            Types().That().ResideInAssembly(portal)
                .Should().NotDependOnAny(Types().That().ResideInAssembly(other))
                .Because($"the portal reads through Contracts, not {other.GetName().Name}")
                .Check(architecture);
        }
    }

    [Fact]
    public void NothingButTests_ReferencesTheHost()
    {
        var root = Repository.Root;
        var offenders = Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(root, "modules"), "*.csproj", SearchOption.AllDirectories))
            .Where(p => References(Path.GetRelativePath(root, p)).Contains("RegionalGoodWork.Host"))
            .ToList();

        Assert.Empty(offenders);
    }

    private static Assembly Implementation(string module) => Assembly.Load($"RegionalGoodWork.{module}");

    private static Assembly Contracts(string module) => Assembly.Load($"RegionalGoodWork.{module}.Contracts");

    private static List<string> References(string relativeProjectPath)
    {
        var path = Path.Combine(Repository.Root, relativeProjectPath);
        Assert.True(File.Exists(path), $"missing project {relativeProjectPath}");
        return XDocument.Load(path).Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
    }
}
