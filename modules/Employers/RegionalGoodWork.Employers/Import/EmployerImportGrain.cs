using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Concurrency;
using RegionalGoodWork.Employers.Contracts;
using RegionalGoodWork.Employers.Profile;
using RegionalGoodWork.SharedKernel;
using RegionalGoodWork.Taxonomy.Contracts;

namespace RegionalGoodWork.Employers.Import;

/// <summary>
/// The bulk import (<see cref="IEmployerImportGrain"/>): each employer's rows become one <see cref="ImportEmployer"/> — the
/// profile over the file's columns (PUT semantics: name, company number and sites replace what is stored; SIC codes, which
/// the file has no column for, are kept) and its non-empty cells, each cell read as its kind's type
/// (<see cref="SubmittedValue.FromText"/>) and checked by the kind (<see cref="EvidenceKind.Validate(SubmittedValue)"/>) so a
/// bad cell is reported at its line — sent in ONE call to the employer (<see cref="IEmployerGrain.ImportAsync"/>), which
/// writes only what differs from what it stores (the profile when a field or a site differs, an item when no item of its
/// kind with that value is in force today) in one state write, so the same file again writes nothing.
/// Everything is checked before anything of that employer is written; a problem rejects the employer (its line and
/// reason), never another one.
/// </summary>
[GrainType("employer-import"), StatelessWorker, Reentrant]
internal sealed partial class EmployerImportGrain(CatalogueCache catalogue) : Grain, IEmployerImportGrain
{
    private const int Fixed = 5;

    public async Task<Outcome<int>> CheckHeaderAsync(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var errors = new ValidationErrors();
        var names = header.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
        if (names.Count > EmployerImportFile.MaxColumns)
        {
            errors.Add("header", $"At most {EmployerImportFile.MaxColumns} columns (the header has {names.Count}).");
            return Problem.Invalid(errors);
        }

        var expected = EmployerImportFile.FixedColumns;
        if (names.Count < Fixed || !names.Take(Fixed).SequenceEqual(expected, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("header", $"The first columns must be {string.Join(", ", expected)}, then one column per evidence kind id; found {string.Join(", ", names.Take(Fixed + 1))}.");
            return Problem.Invalid(errors);
        }

        var kinds = await catalogue.GetAsync();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = Fixed; i < names.Count; i++)
        {
            if (kinds.FindKind(names[i]) is null && (kinds = await catalogue.GetAsync(fresh: true)).FindKind(names[i]) is null)
            {
                errors.Add($"header[{i + 1}]", $"Unknown evidence kind '{names[i]}' (column {i + 1}; see GET /api/v1/evidence-kinds).");
            }
            else if (!seen.Add(names[i]))
            {
                errors.Add($"header[{i + 1}]", $"Evidence kind '{names[i]}' has more than one column (column {i + 1}).");
            }
        }

        return errors.Any ? Problem.Invalid(errors) : Outcome<int>.Ok(names.Count - Fixed);
    }

    public async Task<IReadOnlyList<ImportEmployerResult>> ImportAsync(ImportBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var kinds = await catalogue.GetAsync();
        var header = batch.Header.Select(h => h.Trim().TrimStart('\uFEFF')).ToList();
        var within = batch.WithinCouncils?.ToHashSet(StringComparer.Ordinal);
        return await Task.WhenAll(batch.Employers.Select(async employer =>
        {
            try
            {
                return await ImportOneAsync(employer, header, kinds, batch.SubmittedBy, within, batch.WithinCouncils);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // An outage or a timeout on one employer stops only that one; the file may be sent again (it is idempotent).
                return Reject(employer, employer.Rows[0].Line, $"Could not be stored now ({e.GetType().Name}); send the file again to import it.");
            }
        }));
    }

    private async Task<ImportEmployerResult> ImportOneAsync(
        ImportEmployerRows rows, List<string> header, EvidenceCatalogue kinds, string submittedBy, HashSet<string>? withinSet,
        IReadOnlyList<string>? within)
    {
        var first = rows.Rows[0];
        var id = EmployerIds.Normalize(rows.EmployerId);
        if (!EmployerIds.IsValid(id))
        {
            return Reject(rows, first.Line, $"'{rows.EmployerId}' is not an employer id: a lowercase slug or Companies House number.");
        }

        if (rows.Rows.FirstOrDefault(r => r.Fields.Count != header.Count) is { } ragged)
        {
            return Reject(rows, ragged.Line, $"The row has {ragged.Fields.Count} fields where the header has {header.Count}.");
        }

        // Name and company number: each employer's rows must agree (blank on a later row means "as above").
        string? name = null, number = null;
        int nameLine = first.Line, numberLine = first.Line;
        foreach (var row in rows.Rows)
        {
            if (Agree(ref name, ref nameLine, row, 1, "name") is { } nameClash)
            {
                return Reject(rows, row.Line, nameClash);
            }

            if (Agree(ref number, ref numberLine, row, 2, "company_number") is { } numberClash)
            {
                return Reject(rows, row.Line, numberClash);
            }
        }

        // Sites: a row with both blank is a row without a site (an employer with none, or evidence on a row of its own).
        var sites = new List<SiteInput?>();
        var siteLines = new List<int>();
        foreach (var row in rows.Rows)
        {
            var (council, headcount) = (row.Fields[3].Trim(), row.Fields[4].Trim());
            if (council.Length == 0 && headcount.Length == 0)
            {
                continue;
            }

            if (!decimal.TryParse(headcount, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var staff))
            {
                return Reject(rows, row.Line, $"headcount '{headcount}' is not a number: the staff at this site, a positive whole number.");
            }

            var code = ProfileRules.NormalizeLocalAuthority(council)!;
            if (withinSet is not null && Ids.IsGssCode(code) && !withinSet.Contains(code))
            {
                return Reject(rows, row.Line, $"Council {code} is not in your region: a region operator imports sites in its own region's councils only.");
            }

            sites.Add(new SiteInput(council, staff));
            siteLines.Add(row.Line);
        }

        // Evidence: every non-empty cell, read as its kind's type and checked by the kind before anything is written.
        var items = new List<(int Line, EvidenceKind Kind, EvidenceValue Value)>();
        foreach (var row in rows.Rows)
        {
            for (var i = Fixed; i < header.Count; i++)
            {
                var cell = row.Fields[i];
                if (string.IsNullOrWhiteSpace(cell))
                {
                    continue;
                }

                if (kinds.FindKind(header[i]) is not { } kind)
                {
                    return Reject(rows, row.Line, $"Unknown evidence kind '{header[i]}'.");
                }

                var (value, error) = kind.Validate(SubmittedValue.FromText(cell, kind.Type));
                if (value is null)
                {
                    return Reject(rows, row.Line, $"{kind.Id}: '{cell}' {error}");
                }

                if (items.FirstOrDefault(x => x.Kind.Id == kind.Id) is { Kind: not null } earlier)
                {
                    if (earlier.Value != value)
                    {
                        return Reject(rows, row.Line, $"{kind.Id}: '{cell}' differs from {earlier.Value} on line {earlier.Line}; an employer has one value of a kind in a file.");
                    }

                    continue;
                }

                items.Add((row.Line, kind, value));
            }
        }

        // One call, one state write: the employer compares with what it stores and writes only what differs, all or nothing.
        var imported = await GrainFactory.GetEmployer(id).ImportAsync(new ImportEmployer(name, number, sites,
            items.Select(x => (EvidenceItemInput?)EvidenceItemInput.Of(x.Kind.Id, x.Value)).ToList(), submittedBy, within));
        if (imported.Problem is { } refused)
        {
            return Reject(rows, LineOf(refused, first.Line, f => f.StartsWith("companyNumber", StringComparison.Ordinal) ? numberLine
                : f.StartsWith("name", StringComparison.Ordinal) ? nameLine
                : SiteField().Match(f) is { Success: true } s ? siteLines[int.Parse(s.Groups["n"].Value, CultureInfo.InvariantCulture)]
                : ItemField().Match(f) is { Success: true } i ? items[int.Parse(i.Groups["n"].Value, CultureInfo.InvariantCulture)].Line : null),
                Reason(refused));
        }

        return new ImportEmployerResult(id, imported.Value ? ImportVerdict.Imported : ImportVerdict.Unchanged, first.Line);
    }

    /// <summary>A field every row of an employer must agree on: the first non-blank value, then the same or blank.</summary>
    private static string? Agree(ref string? held, ref int heldLine, ImportRow row, int column, string what)
    {
        var value = row.Fields[column].Trim();
        if (value.Length == 0)
        {
            return null;
        }

        if (held is null)
        {
            (held, heldLine) = (value, row.Line);
            return null;
        }

        return string.Equals(held, value, StringComparison.Ordinal)
            ? null
            : $"{what} '{value}' differs from '{held}' on line {heldLine}; an employer's rows must agree (or leave it blank).";
    }

    private static int LineOf(Problem problem, int fallback, Func<string, int?> lineOfField) =>
        (problem.Errors ?? []).Select(e => lineOfField(e.Key)).FirstOrDefault(l => l is not null) ?? fallback;

    private static string Reason(Problem problem) =>
        problem.Errors is { Count: > 0 } errors
            ? string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")))
            : problem.Detail ?? problem.Title;

    private static ImportEmployerResult Reject(ImportEmployerRows rows, int line, string message) =>
        new(EmployerIds.Normalize(rows.EmployerId), ImportVerdict.Rejected, line, message);

    [GeneratedRegex(@"^sites\[(?<n>\d+)\]")]
    private static partial Regex SiteField();

    [GeneratedRegex(@"^items\[(?<n>\d+)\]")]
    private static partial Regex ItemField();
}
