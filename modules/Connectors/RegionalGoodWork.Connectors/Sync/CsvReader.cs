using System.Text;

namespace RegionalGoodWork.Connectors.Sync;

/// <summary>
/// RFC 4180 CSV, read whole before anything is applied: quoted fields (with <c>""</c>, commas and line breaks inside),
/// CRLF or LF. A record with another number of fields than the header, or a quote left open, means the file is truncated
/// or malformed: <see cref="PartnerDataException"/>, naming the line.
/// </summary>
internal static class CsvReader
{
    public static (IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows) Read(string text, string what)
    {
        var records = new List<(int Line, string[] Fields)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var (line, recordLine, quoted, afterQuote) = (1, 1, false, false);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
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
                        (quoted, afterQuote) = (false, true);
                    }
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !afterQuote:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    (field, afterQuote) = (new StringBuilder(), false);
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    records.Add((recordLine, [.. fields]));
                    (fields, field, afterQuote) = ([], new StringBuilder(), false);
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (afterQuote)
                    {
                        throw new PartnerDataException($"{what} is malformed: text after a closing quote on line {line}.");
                    }

                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            throw new PartnerDataException($"{what} is truncated: a quoted field opened on line {recordLine} never closes.");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, [.. fields]));
        }

        if (records.Count == 0 || records[0].Fields.All(string.IsNullOrWhiteSpace))
        {
            throw new PartnerDataException($"{what} is empty: expected a header line and rows.");
        }

        var header = records[0].Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        foreach (var (at, row) in records.Skip(1))
        {
            if (row.Length != header.Length)
            {
                throw new PartnerDataException(
                    $"{what} is truncated or malformed: line {at} has {row.Length} fields where the header has {header.Length}. Nothing from it was stored.");
            }
        }

        return (header, records.Skip(1).Select(r => r.Fields).ToList());
    }
}
