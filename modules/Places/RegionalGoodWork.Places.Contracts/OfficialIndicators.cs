namespace RegionalGoodWork.Places.Contracts;

/// <summary>A line of an import and what was said about it (1-based physical line number in the file).</summary>
[GenerateSerializer, Immutable, Alias("rgw.places.import-line")]
public sealed record ImportLineMessage([property: Id(0)] int Line, [property: Id(1)] string Message);

/// <summary>
/// The answer to POST /official-indicators/import. All-or-nothing: when <see cref="Errors"/> is not empty
/// nothing was stored and <see cref="Imported"/> is 0. <see cref="SkippedLines"/> says why each skipped line was skipped.
/// <see cref="OutsideScope"/> lists the areas of a file imported for one region that are not that region or its councils:
/// when it is not empty, nothing was stored either. <see cref="Changed"/> counts the figures that differ from what was stored
/// before (new or revised): 0 when the same file is imported again, and 0 for a report that stored nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.places.import-report")]
public sealed record ImportReport(
    [property: Id(0)] int Imported,
    [property: Id(1)] int Skipped,
    [property: Id(2)] IReadOnlyList<ImportLineMessage> Errors,
    [property: Id(3)] IReadOnlyList<ImportLineMessage> SkippedLines,
    [property: Id(4)] IReadOnlyList<string> Indicators,
    [property: Id(5)] int Areas,
    [property: Id(6)] int ErrorCount = 0,
    [property: Id(7)] IReadOnlyList<string>? OutsideScope = null,
    [property: Id(8)] int Changed = 0)
{
    public bool Rejected => Errors.Count > 0 || OutsideScope is { Count: > 0 };
}
