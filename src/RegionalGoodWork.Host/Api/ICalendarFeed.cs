using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RegionalGoodWork.Employers.Contracts;

namespace RegionalGoodWork.Host.Api;

/// <summary>
/// An employer's renewal calendar as iCalendar (RFC 5545) for Outlook, Google Calendar and Apple Calendar to subscribe to:
/// one VCALENDAR (VERSION 2.0, METHOD PUBLISH) with one all-day VEVENT per entry. Lines end CRLF and are folded at 75
/// octets of UTF-8 (a continuation line starts with one space), never inside a character; TEXT values escape backslash,
/// semicolon, comma and line breaks. A UID names the entry, not the fetch: a hash of the employer, kind, subject and date,
/// so a client updates the same event when its description changes.
/// </summary>
internal static class ICalendarFeed
{
    public const string ContentType = "text/calendar; charset=utf-8";

    private const int MaxOctets = 75;

    public static byte[] Write(EmployerCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var text = new StringBuilder();
        var stamp = calendar.ComputedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        Line(text, "BEGIN:VCALENDAR");
        Line(text, "VERSION:2.0");
        Line(text, "PRODID:-//RegionalGoodWork//Renewal calendar//EN");
        Line(text, "CALSCALE:GREGORIAN");
        Line(text, "METHOD:PUBLISH");
        Line(text, $"X-WR-CALNAME:{Text($"{(calendar.EmployerName.Length > 0 ? calendar.EmployerName : calendar.EmployerId)} — charter renewals")}");
        Line(text, "X-WR-CALDESC:" + Text("Evidence expiries, pay-by dates and annual reviews across every charter the employer belongs to (RegionalGoodWork)."));
        Line(text, "REFRESH-INTERVAL;VALUE=DURATION:PT12H");
        Line(text, "X-PUBLISHED-TTL:PT12H");
        foreach (var entry in calendar.Entries)
        {
            Line(text, "BEGIN:VEVENT");
            Line(text, $"UID:{Uid(calendar.EmployerId, entry)}");
            Line(text, $"DTSTAMP:{stamp}");
            Line(text, $"DTSTART;VALUE=DATE:{Date(entry.Date)}");
            Line(text, $"DTEND;VALUE=DATE:{Date(entry.Date.AddDays(1))}");
            Line(text, $"SUMMARY:{Text(entry.Title)}");
            Line(text, $"DESCRIPTION:{Text(entry.What)}");
            Line(text, $"CATEGORIES:{Text(entry.Kind)}");
            Line(text, "TRANSP:TRANSPARENT");
            Line(text, "END:VEVENT");
        }

        Line(text, "END:VCALENDAR");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The entry's stable UID: the employer, kind, subject and date hashed (SHA-256, 128 bits in hex) @regionalgoodwork.</summary>
    public static string Uid(string employerId, CalendarEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = string.Join('\n', employerId, entry.Kind, entry.Subject, Date(entry.Date));
        return $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16))}@regionalgoodwork";
    }

    private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, every line break as <c>\n</c>.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var escaped = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case ';': escaped.Append(@"\;"); break;
                case ',': escaped.Append(@"\,"); break;
                case '\r':
                    escaped.Append(@"\n");
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n': escaped.Append(@"\n"); break;
                default:
                    if (!char.IsControl(c) || c == '\t')
                    {
                        escaped.Append(c); // other control characters are not allowed in TEXT: dropped
                    }

                    break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>
    /// Appends a content line folded at 75 octets (RFC 5545 3.1): CRLF then one space before each continuation, whose
    /// space counts in its 75; a break falls between whole characters (UTF-8 sequences, surrogate pairs), never inside one.
    /// </summary>
    public static void Line(StringBuilder output, string line)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(line);
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > MaxOctets)
            {
                output.Append("\r\n ");
                octets = 1;
            }

            output.Append(rune.ToString());
            octets += size;
        }

        output.Append("\r\n");
    }
}
