using System.Globalization;
using System.Text;

namespace Watchkeeper.Core.Calendars;

/// <summary>
/// Writes holidays and make-up working days as an iCalendar file (RFC 5545): one all-day event per run of consecutive
/// dates of one kind, with CRLF line ends and lines folded at 75 octets. <see cref="IcsReader"/> reads it back to the
/// same dates.
/// </summary>
public static class IcsWriter
{
    private const int MaxLineOctets = 75;

    /// <summary>Writes the calendar. <paramref name="nameOf"/> returns an event's SUMMARY from its first date and kind.</summary>
    public static string Write(string calendarName, string timeZone, string uidPrefix, IEnumerable<DateOnly> holidays,
        IEnumerable<DateOnly> makeUpWorkingDays, Func<DateOnly, CalendarDayKind, string> nameOf, DateTimeOffset stamp)
    {
        var output = new StringBuilder();
        Append(output, "BEGIN:VCALENDAR");
        Append(output, "VERSION:2.0");
        Append(output, "PRODID:-//Watchkeeper//Business calendar//ZH");
        Append(output, "CALSCALE:GREGORIAN");
        Append(output, "X-WR-CALNAME:" + Escape(calendarName));
        Append(output, "X-WR-TIMEZONE:" + Escape(timeZone));

        var runs = Runs(holidays, CalendarDayKind.Holiday).Concat(Runs(makeUpWorkingDays, CalendarDayKind.MakeUpWorkingDay)).OrderBy(r => r.First);
        var dtstamp = stamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        foreach (var (first, last, kind) in runs)
        {
            var dayType = kind == CalendarDayKind.Holiday ? IcsReader.HolidayDayType : IcsReader.MakeUpDayType;
            Append(output, "BEGIN:VEVENT");
            Append(output, $"UID:{uidPrefix}-{Date(first)}-{dayType.ToLowerInvariant()}@watchkeeper");
            Append(output, "DTSTAMP:" + dtstamp);
            Append(output, "DTSTART;VALUE=DATE:" + Date(first));
            Append(output, "DTEND;VALUE=DATE:" + Date(last.AddDays(1)));
            Append(output, "SUMMARY:" + Escape(nameOf(first, kind)));
            Append(output, "CATEGORIES:" + (kind == CalendarDayKind.Holiday ? "休" : "班"));
            Append(output, $"{IcsReader.DayTypeProperty}:{dayType}");
            Append(output, "TRANSP:TRANSPARENT");
            Append(output, "END:VEVENT");
        }

        Append(output, "END:VCALENDAR");
        return output.ToString();
    }

    /// <summary>Escapes TEXT as RFC 5545 section 3.3.11 requires.</summary>
    public static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace(";", "\\;", StringComparison.Ordinal)
        .Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal);

    private static IEnumerable<(DateOnly First, DateOnly Last, CalendarDayKind Kind)> Runs(IEnumerable<DateOnly> dates, CalendarDayKind kind)
    {
        DateOnly? first = null;
        var last = default(DateOnly);
        foreach (var date in dates.Distinct().Order())
        {
            if (first is not null && date == last.AddDays(1))
            {
                last = date;
                continue;
            }

            if (first is { } done)
            {
                yield return (done, last, kind);
            }

            first = date;
            last = date;
        }

        if (first is { } final)
        {
            yield return (final, last, kind);
        }
    }

    private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Appends one content line, folded so that no line exceeds 75 octets of UTF-8 (RFC 5545 section 3.1).</summary>
    private static void Append(StringBuilder output, string line)
    {
        var octets = 0;
        var limit = MaxLineOctets;
        var index = 0;
        while (index < line.Length)
        {
            var length = char.IsSurrogatePair(line, index) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(index, length));
            if (octets + size > limit)
            {
                // The continuation line starts with a space, which counts towards its 75 octets.
                output.Append("\r\n ");
                octets = 0;
                limit = MaxLineOctets - 1;
            }

            output.Append(line, index, length);
            octets += size;
            index += length;
        }

        output.Append("\r\n");
    }
}
