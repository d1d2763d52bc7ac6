using RegionalGoodWork.Places.Official;

namespace RegionalGoodWork.Places.Tests;

/// <summary>
/// Measures what a parse keeps alive with <see cref="GC.GetTotalMemory(bool)"/>, which counts the whole process: so it runs
/// alone (<see cref="MeasuresMemory"/>), never beside other tests allocating at the same time.
/// </summary>
[Collection(MeasuresMemory.Name)]
public sealed class OnsParseMemoryTests
{
    private const string OnsHeader = "areacd,areanm,geography,indicator,period,observation,measure,unit,lci_95,uci_95,status,notes\n";

    [Fact]
    public void Parse_EightMegabytesOfCommas_KeepsAResultOfBoundedSize()
    {
        // What the parse keeps for 1.6 million bad records: at most MaxErrorsKept errors, no rows. Kept unbounded, the
        // errors alone would hold some 200 MB; the bound leaves a few MB (other tests' objects may add a little).
        var hostile = new System.Text.StringBuilder(OnsHeader, 8 * 1024 * 1024 + OnsHeader.Length);
        while (hostile.Length < 8 * 1024 * 1024)
        {
            hostile.Append(",,,,\n");
        }

        var input = hostile.ToString();
        hostile = null;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var parsed = OnsCsv.Parse(input);
        var kept = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(input);

        Assert.True(parsed.ErrorsNotKept > 1_000_000, "the file is hostile");
        Assert.True(kept < 32L * 1024 * 1024, $"the parse result holds {kept / (1024 * 1024)} MB for an 8 MB file");
        GC.KeepAlive(parsed);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuresMemory
{
    public const string Name = "measures process memory";
}
