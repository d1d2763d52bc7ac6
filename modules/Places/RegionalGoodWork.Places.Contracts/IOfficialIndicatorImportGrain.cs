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
}
