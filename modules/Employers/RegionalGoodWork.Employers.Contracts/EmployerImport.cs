using System.Text.Json.Serialization;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Employers.Contracts;

/// <summary>
/// The bulk import's file (<c>POST /employers/import</c>, api.md): a CSV, one row per site, whose header is
/// <see cref="FixedColumns"/> then one column per evidence kind id.
/// </summary>
public static class EmployerImportFile
{
    /// <summary>The first five columns, in this order (names compared case-insensitively).</summary>
    public static IReadOnlyList<string> FixedColumns { get; } = ["employer_id", "name", "company_number", "local_authority", "headcount"];

    /// <summary>Employers handed to <see cref="IEmployerImportGrain.ImportAsync"/> in one call.</summary>
    public const int BatchSize = 50;

    /// <summary>A header with more columns is not this file.</summary>
    public const int MaxColumns = 500;
}

/// <summary>One row of the file as read: its physical line (1-based, where the record starts) and its fields.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.import-row")]
public sealed record ImportRow([property: Id(0)] int Line, [property: Id(1)] IReadOnlyList<string> Fields);

/// <summary>The consecutive rows of one employer (grouped by the first column), in file order.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.import-employer")]
public sealed record ImportEmployerRows([property: Id(0)] string EmployerId, [property: Id(1)] IReadOnlyList<ImportRow> Rows);

/// <summary>
/// A batch of employers to import. <paramref name="Header"/> is the file's header as checked by
/// <see cref="IEmployerImportGrain.CheckHeaderAsync"/>; <paramref name="SubmittedBy"/> the key id that sent the file;
/// <paramref name="WithinCouncils"/>, when set, the only councils the caller may place sites in (a region operator's
/// region): an employer with a site elsewhere, in the file or already stored, is rejected.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.import-batch")]
public sealed record ImportBatch(
    [property: Id(0)] IReadOnlyList<string> Header,
    [property: Id(1)] IReadOnlyList<ImportEmployerRows> Employers,
    [property: Id(2)] string SubmittedBy,
    [property: Id(3)] IReadOnlyList<string>? WithinCouncils = null);

/// <summary>
/// One employer of the file as <see cref="IEmployerGrain.ImportAsync"/> takes it: its profile's columns, its items (each
/// kind once), the key id that sent the file, and, for a region operator, the only councils its sites may be in.
/// </summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.import-employer-command")]
public sealed record ImportEmployer(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? CompanyNumber,
    [property: Id(2)] IReadOnlyList<SiteInput?> Sites,
    [property: Id(3)] IReadOnlyList<EvidenceItemInput?> Items,
    [property: Id(4)] string SubmittedBy,
    [property: Id(5)] IReadOnlyList<string>? WithinCouncils = null);

/// <summary>What became of one employer of the file.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ImportVerdict>))]
public enum ImportVerdict
{
    /// <summary>Its profile or evidence changed (a new employer included).</summary>
    [JsonStringEnumMemberName("imported")] Imported = 0,

    /// <summary>Everything the file says was already stored: nothing was written.</summary>
    [JsonStringEnumMemberName("unchanged")] Unchanged = 1,

    /// <summary>Nothing of it was written; <see cref="ImportEmployerResult.Line"/> and the message say why.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected = 2,
}

[GenerateSerializer, Immutable, Alias("rgw.employers.import-result")]
public sealed record ImportEmployerResult(
    [property: Id(0)] string EmployerId,
    [property: Id(1)] ImportVerdict Verdict,
    [property: Id(2)] int Line = 0,
    [property: Id(3)] string? Message = null);

/// <summary>A rejected line of the import's summary.</summary>
[GenerateSerializer, Immutable, Alias("rgw.employers.import-rejection")]
public sealed record ImportRejection([property: Id(0)] int Line, [property: Id(1)] string Message);

/// <summary>
/// The import's summary: employers imported, unchanged, and the rejected ones by line (the first
/// <see cref="MaxRejectionsListed"/>; <see cref="RejectedCount"/> counts them all).
/// </summary>
public sealed record ImportSummary(int Imported, int Unchanged, IReadOnlyList<ImportRejection> Rejected, int RejectedCount)
{
    public const int MaxRejectionsListed = 10_000;
}

/// <summary>
/// Imports employers from a spreadsheet (a stateless worker: the employers are the source of truth). Each employer's
/// profile (PUT semantics) and evidence go to the employer in one <see cref="IEmployerGrain.ImportAsync"/>, checked by the
/// rules the API's calls use, and only what differs from what is stored is written (one state write, all or nothing), so
/// the same file again changes nothing.
/// </summary>
public interface IEmployerImportGrain : IGrainWithIntegerKey
{
    /// <summary>Checks the header: the five fixed columns, then known, distinct evidence kind ids. Invalid names every problem.</summary>
    Task<Outcome<int>> CheckHeaderAsync(IReadOnlyList<string> header);

    /// <summary>Imports each employer on its own (one bad employer never stops another); one result per employer, in order.</summary>
    Task<IReadOnlyList<ImportEmployerResult>> ImportAsync(ImportBatch batch);
}
