using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using RegionalGoodWork.Access.Contracts;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Host.Access;
using RegionalGoodWork.Host.Api.Idempotency;
using RegionalGoodWork.Places.Contracts;
using RegionalGoodWork.SharedKernel;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// <c>POST /employers/import</c> (api.md, "Pay, plans and lifecycle"): a CSV of employers, one row per site, streamed —
/// read one record at a time, never whole — grouped into employers by consecutive <c>employer_id</c>, and handed in
/// batches to the Employers module's import worker (<see cref="IEmployerImportGrain"/>), a few batches at once. The
/// header is checked before anything is written (400 naming every problem); after it each employer stands alone.
/// </summary>
internal static class EmployerImportApi
{
    /// <summary>
    /// Batches in flight at once (each of <see cref="EmployerImportFile.BatchSize"/> employers, imported concurrently). Measured
    /// 2026-12-07 on 2 cores: 4, 8 and 16 import at the same rate (the silo and PostgreSQL share the CPU, which is saturated).
    /// </summary>
    private const int BatchesAtOnce = 4;

    public static RouteGroupBuilder MapEmployerImportApi(this RouteGroupBuilder v1)
    {
        var limit = ((IEndpointRouteBuilder)v1).ServiceProvider.GetRequiredService<IOptions<ApiOptions>>().Value.ImportMaxBodyBytes;
        v1.MapPost("/employers/import", async (HttpRequest request, ClaimsPrincipal user, HttpContext http, IGrainFactory grains) =>
            {
                var caller = CallerClaims.From(user)!;
                IReadOnlyList<string>? within = null;
                if (caller.Role == Roles.RegionOperator)
                {
                    within = (await grains.GetRegion(caller.Scope.RegionCode!).GetAsync()).Value?.LocalAuthorities.Select(l => l.Code).ToList() ?? [];
                }

                using var csv = new CsvRecords(request.Body);
                var (summary, problem) = await ImportAsync(csv, grains, caller.KeyId, within, http.RequestAborted);
                if (problem is not null)
                {
                    return problem.ToProblem();
                }

                http.Audit().Summary = $"imported {summary!.Imported}, unchanged {summary.Unchanged}, rejected {summary.RejectedCount} employer(s)";
                return Results.Ok(summary);
            })
            .RequireAuthorization(AccessPolicies.EmployerImport)
            .RepeatsChangeNothing() // no Idempotency-Key: a retried file imports nothing twice, and is never held whole
            .WithMetadata(new ImportBodyLimit(limit))
            .Accepts<string>("text/csv")
            .WithTags("Employers")
            .WithName("importEmployers")
            .WithSummary("Import employers from a CSV, one row per site, with evidence columns by kind id; only what differs is written")
            .Produces<ImportSummary>()
            .ProducesValidationProblem();
        return v1;
    }

    /// <summary>Reads the file and imports it; a problem (bad header, empty file) before anything was written.</summary>
    public static async Task<(ImportSummary? Summary, Problem? Problem)> ImportAsync(
        CsvRecords csv, IGrainFactory grains, string submittedBy, IReadOnlyList<string>? within, CancellationToken cancellationToken)
    {
        var importer = grains.GetEmployerImport();
        CsvRecord? header;
        try
        {
            header = await csv.ReadAsync(cancellationToken);
        }
        catch (CsvFormatException e)
        {
            return (null, Invalid("header", e.Message));
        }

        if (header is null || header.IsBlank)
        {
            return (null, Invalid("$", $"The file is empty: expected a header line {string.Join(",", EmployerImportFile.FixedColumns)},<evidence kind id>… and a row per site."));
        }

        var checkedHeader = await importer.CheckHeaderAsync(header.Fields);
        if (checkedHeader.Problem is { } bad)
        {
            return (null, bad);
        }

        var tally = new Tally();
        var batches = Channel.CreateBounded<ImportBatch>(new BoundedChannelOptions(BatchesAtOnce) { SingleWriter = true });
        var workers = Enumerable.Range(0, BatchesAtOnce).Select(_ => Task.Run(async () =>
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(CancellationToken.None))
            {
                tally.Add(await importer.ImportAsync(batch));
            }
        }, CancellationToken.None)).ToList();

        try
        {
            // Consecutive rows with the same employer_id are one employer. An id seen before, after other employers' rows,
            // is refused (its earlier rows were imported as the whole employer, PUT semantics): rows must be together.
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var pending = new List<ImportEmployerRows>(EmployerImportFile.BatchSize);
            (string Id, List<ImportRow> Rows)? current = null;

            async Task CloseAsync()
            {
                if (current is not { } group)
                {
                    return;
                }

                current = null;
                var firstLine = group.Rows[0].Line;
                if (!seen.TryAdd(group.Id, firstLine))
                {
                    tally.Add([new ImportEmployerResult(group.Id, ImportVerdict.Rejected, firstLine,
                        $"Rows of employer '{group.Id}' are not together: it first appeared on line {seen[group.Id]}, then other employers' rows. " +
                        "Put each employer's rows one after another; these rows were not imported.")]);
                    return;
                }

                pending.Add(new ImportEmployerRows(group.Id, group.Rows));
                if (pending.Count == EmployerImportFile.BatchSize)
                {
                    await batches.Writer.WriteAsync(new ImportBatch(header.Fields, [.. pending], submittedBy, within), cancellationToken);
                    pending.Clear();
                }
            }

            while (true)
            {
                CsvRecord? record;
                try
                {
                    record = await csv.ReadAsync(cancellationToken);
                }
                catch (CsvFormatException e)
                {
                    await CloseAsync();
                    tally.Add([new ImportEmployerResult("", ImportVerdict.Rejected, e.Line, e.Message + " Nothing after it was read.")]);
                    break;
                }

                if (record is null)
                {
                    break;
                }

                if (record.IsBlank)
                {
                    continue;
                }

                var id = EmployerIds.Normalize(record.Fields[0]);
                if (current is not { } open || open.Id != id)
                {
                    await CloseAsync();
                    current = (id, []);
                }

                current.Value.Rows.Add(new ImportRow(record.Line, record.Fields));
            }

            await CloseAsync();
            if (pending.Count > 0)
            {
                await batches.Writer.WriteAsync(new ImportBatch(header.Fields, [.. pending], submittedBy, within), cancellationToken);
            }
        }
        finally
        {
            batches.Writer.Complete();
            await Task.WhenAll(workers);
        }

        return (tally.Summary(), null);
    }

    private static Problem Invalid(string field, string message) => Problem.Invalid(ApiResults.Single(field, message));

    /// <summary>The results so far: counts, and the rejections (the first <see cref="ImportSummary.MaxRejectionsListed"/>).</summary>
    private sealed class Tally
    {
        private readonly Lock gate = new();
        private readonly List<ImportRejection> rejected = [];
        private int imported;
        private int unchanged;
        private int rejectedCount;

        public void Add(IReadOnlyList<ImportEmployerResult> results)
        {
            lock (gate)
            {
                foreach (var result in results)
                {
                    switch (result.Verdict)
                    {
                        case ImportVerdict.Imported:
                            imported++;
                            break;
                        case ImportVerdict.Unchanged:
                            unchanged++;
                            break;
                        default:
                            rejectedCount++;
                            if (rejected.Count < ImportSummary.MaxRejectionsListed)
                            {
                                rejected.Add(new ImportRejection(result.Line, result.Message ?? "rejected"));
                            }

                            break;
                    }
                }
            }
        }

        public ImportSummary Summary()
        {
            lock (gate)
            {
                return new ImportSummary(imported, unchanged, rejected.OrderBy(r => r.Line).ToList(), rejectedCount);
            }
        }
    }
}

/// <summary>
/// A route's own request body limit (<c>Api:ImportMaxBodyBytes</c> for the import), in place of <c>Api:MaxBodyBytes</c>;
/// <see cref="ApiRequestGate"/> sets it on the request before anything reads the body.
/// </summary>
internal sealed class ImportBodyLimit(long bytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = bytes;
}
