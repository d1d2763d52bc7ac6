using System.Text;

namespace RegionalGoodWork.Host.Api;

/// <summary>A CSV record: the physical line it starts on (1-based) and its fields.</summary>
internal sealed record CsvRecord(int Line, string[] Fields)
{
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

/// <summary>A record the reader cannot take: a quote never closed, a record longer than the reader allows.</summary>
internal sealed class CsvFormatException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// Reads RFC 4180 CSV from a stream one record at a time, so a file of any length is read in a small, bounded amount of
/// memory: UTF-8 with or without a BOM, CRLF or LF (or a lone CR), quoted fields holding commas, <c>""</c> quotes and
/// line breaks. Characters after a closing quote are kept (<c>"a"b</c> reads <c>ab</c>), as spreadsheets write them.
/// </summary>
internal sealed class CsvRecords(Stream stream, int maxRecordChars = CsvRecords.DefaultMaxRecordChars) : IDisposable
{
    public const int DefaultMaxRecordChars = 1024 * 1024;

    private readonly StreamReader reader = new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
    private readonly char[] buffer = new char[64 * 1024];
    private readonly StringBuilder field = new();
    private int position;
    private int length;
    private int line = 1;
    private bool first = true;

    /// <summary>The next record, or null at the end of the stream.</summary>
    public async ValueTask<CsvRecord?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var fields = new List<string>();
        field.Clear();
        var (start, quoted, any, chars) = (line, false, false, 0);
        while (true)
        {
            if (position == length)
            {
                length = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
                position = 0;
                if (length == 0)
                {
                    if (quoted)
                    {
                        throw new CsvFormatException(start, $"A quoted field opened on line {start} never closes: the file is truncated or malformed.");
                    }

                    if (!any)
                    {
                        return null;
                    }

                    fields.Add(field.ToString());
                    return new CsvRecord(start, [.. fields]);
                }

                if (first)
                {
                    first = false;
                    if (buffer[0] == '\uFEFF')
                    {
                        position = 1;
                        continue;
                    }
                }
            }

            var c = buffer[position++];
            any = true;
            if (++chars > maxRecordChars)
            {
                throw new CsvFormatException(start, $"The record starting on line {start} is longer than {maxRecordChars:N0} characters.");
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (await PeekAsync(cancellationToken) == '"')
                    {
                        position++;
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n' || (c == '\r' && await PeekAsync(cancellationToken) != '\n'))
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    if (await PeekAsync(cancellationToken) == '\n')
                    {
                        position++;
                    }

                    line++;
                    fields.Add(field.ToString());
                    return new CsvRecord(start, [.. fields]);
                case '\n':
                    line++;
                    fields.Add(field.ToString());
                    return new CsvRecord(start, [.. fields]);
                default:
                    field.Append(c);
                    break;
            }
        }
    }

    /// <summary>The next character without taking it; -1 at the end of the stream.</summary>
    private async ValueTask<int> PeekAsync(CancellationToken cancellationToken)
    {
        if (position == length)
        {
            length = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
            position = 0;
            if (length == 0)
            {
                return -1;
            }
        }

        return buffer[position];
    }

    public void Dispose() => reader.Dispose();
}
