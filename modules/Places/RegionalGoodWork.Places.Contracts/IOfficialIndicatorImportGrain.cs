namespace RegionalGoodWork.Places.Contracts;

/// <summary>Imports an ONS "Explore local statistics" CSV into the councils' and regions' yearly series.</summary>
public interface IOfficialIndicatorImportGrain : IGrainWithIntegerKey
{
    /// <summary>Validates the whole file, then applies it; a file with any error applies nothing.</summary>
    Task<ImportReport> ImportCsvAsync(string csv);
}
