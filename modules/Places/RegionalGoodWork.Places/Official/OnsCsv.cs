using System.Globalization;
using System.Text;
using RegionalGoodWork.Places.Contracts;

namespace RegionalGoodWork.Places.Official;

/// <summary>One data row of an ONS "Explore local statistics" CSV, by column name.</summary>
internal sealed record OnsRow(
    int Line,
    string AreaCode,
    string AreaName,
    string Geography,
    string Indicator,
    string Period,
    string Observation,
    string Unit,
    string Measure,
    string Status);

/// <summary>
/// The rows of a file and its structural problems (line numbers are 1-based physical lines): the first
/// <see cref="OnsCsv.MaxErrorsKept"/> are kept, <see cref="ErrorsNotKept"/> counts the rest.
/// </summary>
internal sealed record OnsParseResult(IReadOnlyList<OnsRow> Rows, IReadOnlyList<ImportLineMessage> Errors, int ErrorsNotKept = 0);

/// <summary>
/// Reads the ONS "Explore local statistics" CSV as published: UTF-8 with or without a BOM, CRLF or LF,
/// RFC 4180 quoting (names like "Bristol, City of"), columns found by header name in any order.
/// </summary>
internal static class OnsCsv
{
    public static readonly IReadOnlyList<string> RequiredColumns = ["areacd", "areanm", "geography", "indicator", "period", "observation"];

    /// <summary>A record with more fields is refused without keeping them (an ONS file has about ten).</summary>
    public const int MaxFields = 200;

    /// <summary>Problems kept for the report; beyond it they are only counted, so a hostile file cannot fill memory.</summary>
    public const int MaxErrorsKept = 10_001;

    public static OnsParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var errors = new List<ImportLineMessage>();
        var notKept = 0;
        void Error(int line, string message)
        {
            if (errors.Count < MaxErrorsKept)
            {
                errors.Add(new(line, message));
            }
            else
            {
                notKept++;
            }
        }

        var rows = new List<OnsRow>();
        using var records = Records(text.TrimStart('\uFEFF'), Error).GetEnumerator();
        if (!records.MoveNext())
        {
            Error(1, "The file is empty: expected a header line with columns " + string.Join(", ", RequiredColumns) + ".");
            return new(rows, errors, notKept);
        }

        var (headerLine, header) = records.Current;
        if (header.Count > MaxFields)
        {
            Error(headerLine, $"The header has more than {MaxFields} columns: this is not an ONS Explore local statistics file.");
            return new(rows, errors, notKept);
        }

        var names = header.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (!index.TryAdd(names[i], i))
            {
                Error(headerLine, $"Column '{names[i]}' appears more than once.");
            }
        }

        var missing = RequiredColumns.Where(c => !index.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            Error(headerLine, $"Missing column(s): {string.Join(", ", missing)}. Expected an ONS Explore local statistics file with columns {string.Join(", ", RequiredColumns)}, …; found: {string.Join(", ", names)}.");
        }

        if (errors.Count > 0)
        {
            return new(rows, errors, notKept);
        }

        string Field(List<string> fields, string column) =>
            index.TryGetValue(column, out var i) && i < fields.Count ? fields[i].Trim() : "";

        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            if (fields.Count != names.Count)
            {
                Error(line, fields.Count > MaxFields
                    ? $"Expected {names.Count} fields, found more than {MaxFields}."
                    : $"Expected {names.Count} fields, found {fields.Count}.");
                continue;
            }

            if (errors.Count > 0)
            {
                continue; // the file is refused whatever follows: its rows need not be kept
            }

            rows.Add(new OnsRow(line, Field(fields, "areacd"), Field(fields, "areanm"), Field(fields, "geography"),
                Field(fields, "indicator"), Field(fields, "period"), Field(fields, "observation"),
                Field(fields, "unit"), Field(fields, "measure"), Field(fields, "status")));
        }

        return new(errors.Count > 0 ? [] : rows, errors, notKept);
    }

    /// <summary>
    /// Splits text into records of fields, each with the line it starts on, one record at a time. Blank lines are
    /// ignored. A record keeps at most <see cref="MaxFields"/> + 1 fields (enough to say it has too many).
    /// </summary>
    private static IEnumerable<(int Line, List<string> Fields)> Records(string text, Action<int, string> error)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var quotedStartLine = 1;
        var recordHasContent = false;

        void EndField()
        {
            if (fields.Count <= MaxFields)
            {
                fields.Add(field.ToString());
            }

            field.Clear();
        }

        // True when the record just ended is to be yielded (not blank); the caller then starts a new list.
        bool EndRecord()
        {
            EndField();
            var keep = recordHasContent || fields.Count > 1 || fields[0].Length > 0;
            recordHasContent = false;
            return keep;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    recordHasContent = true;
                    quotedStartLine = line;
                    break;
                case ',':
                    recordHasContent = true;
                    EndField();
                    break;
                case '\r':
                    break;
                case '\n':
                    if (EndRecord())
                    {
                        yield return (recordLine, fields);
                    }

                    fields = [];
                    line++;
                    recordLine = line;
                    break;
                default:
                    recordHasContent = true;
                    field.Append(c);
                    break;
            }
        }

        if (inQuotes)
        {
            error(quotedStartLine, "A quoted field is never closed.");
        }

        if ((recordHasContent || field.Length > 0) && EndRecord())
        {
            yield return (recordLine, fields);
        }
    }

    /// <summary>
    /// The year of an ONS period: the year of its start date. Accepts a date (<c>2023-04-19</c>), a date-time, a year,
    /// or an ISO 8601 interval (<c>2022-04-01/P1Y</c>, <c>2022-04-01T00:00:00/P1Y</c>, <c>2022-04-01/2023-03-31</c>).
    /// </summary>
    public static bool TryYearOf(string period, out int year)
    {
        year = 0;
        if (string.IsNullOrWhiteSpace(period))
        {
            return false;
        }

        var parts = period.Trim().Split('/');
        if (parts.Length > 2)
        {
            return false;
        }

        if (parts.Length == 2 && !IsDuration(parts[1]) && !TryStart(parts[1], out _))
        {
            return false;
        }

        if (!TryStart(parts[0], out year))
        {
            return false;
        }

        return true;
    }

    private static bool TryStart(string s, out int year)
    {
        year = 0;
        if (s.Length == 4 && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out year))
        {
            return year is >= 1800 and <= 2200;
        }

        // The year of the start date as written: a time zone offset must not move 1 January into the year before.
        var date = s.Length >= 10 ? s[..10] : s;
        if (s.Length > 10 && (s[10] != 'T' || !TimeSpan.TryParse(s[11..].TrimEnd('Z').Split('+', '-')[0], CultureInfo.InvariantCulture, out _)))
        {
            return false;
        }

        if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ||
            DateOnly.TryParseExact(date, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            year = day.Year;
            return true;
        }

        return false;
    }

    private static bool IsDuration(string s) =>
        s.Length > 1 && s[0] == 'P' && s.Skip(1).All(ch => char.IsAsciiDigit(ch) || "YMWDTHS.".Contains(ch, StringComparison.Ordinal));
}
