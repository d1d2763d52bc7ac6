namespace RegionalGoodWork.Places.Contracts;

/// <summary>Imports an ONS "Explore local statistics" CSV into the councils' and regions' yearly series.</summary>
public interface IOfficialIndicatorImportGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Validates the whole file, then applies it; a file with any error applies nothing. With <paramref name="withinRegion"/>
    /// (a region operator's import), a file naming any area other than that region and the councils in it now applies
    /// nothing either, and its report lists them (<see cref="ImportReport.OutsideScope"/>).
    /// </summary>
    Task<ImportReport> ImportCsvAsync(string csv, string? withinRegion = null);

    /// <summary>
    /// Validates the whole file exactly as <see cref="ImportCsvAsync"/> does and stores nothing: the report it would give
    /// (<see cref="ImportReport.Changed"/> 0). For importers of several files that must all be sound before any is applied.
    /// </summary>
    Task<ImportReport> CheckCsvAsync(string csv);
}
