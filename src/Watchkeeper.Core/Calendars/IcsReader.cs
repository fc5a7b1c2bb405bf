using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Core.Calendars;

/// <summary>What a calendar date means: a day off (holiday) or a weekend day worked in exchange (调休, make-up working day).</summary>
public enum CalendarDayKind
{
    Holiday,
    MakeUpWorkingDay,
}

/// <summary>An all-day event of an iCalendar file: the dates from <see cref="First"/> to <see cref="Last"/>, both inclusive.</summary>
public sealed record IcsDayEvent(int Line, string Summary, CalendarDayKind Kind, DateOnly First, DateOnly Last)
{
    public IEnumerable<DateOnly> Dates()
    {
        for (var date = First; date <= Last; date = date.AddDays(1))
        {
            yield return date;
        }
    }
}

/// <summary>An event that the import leaves out, with the line of its BEGIN:VEVENT and a bilingual reason.</summary>
public sealed record IcsSkippedEvent(int Line, string Summary, string Reason);

public sealed record IcsCalendar(IReadOnlyList<IcsDayEvent> Events, IReadOnlyList<IcsSkippedEvent> Skipped);

/// <summary>
/// Reads the all-day events of an iCalendar file (RFC 5545) as holidays and make-up working days. It unfolds folded
/// lines, accepts CRLF or LF line ends, and ignores unknown properties and components (VTIMEZONE, VALARM, VTODO).
/// </summary>
/// <remarks>
/// An event is a make-up working day when its <see cref="DayTypeProperty"/> is MAKE-UP-WORKING-DAY, when a CATEGORIES
/// value is one of <see cref="MakeUpCategories"/>, or when its SUMMARY contains 班 (上班, 补班), as the common Chinese
/// holiday feeds write them. Every other all-day event is a holiday. Timed, recurring and cancelled events are skipped
/// with a reason; a malformed file fails as a whole with the line and value at fault.
/// </remarks>
public static partial class IcsReader
{
    /// <summary>The longest event the import accepts, in days: a year, leap years included.</summary>
    public const int MaxEventDays = 366;

    /// <summary>The property Watchkeeper's export writes on every event: HOLIDAY or MAKE-UP-WORKING-DAY.</summary>
    public const string DayTypeProperty = "X-WATCHKEEPER-DAY-TYPE";

    public const string HolidayDayType = "HOLIDAY";

    public const string MakeUpDayType = "MAKE-UP-WORKING-DAY";

    /// <summary>CATEGORIES values (compared ignoring case) that mark a make-up working day.</summary>
    public static readonly IReadOnlySet<string> MakeUpCategories =
        new HashSet<string>(["班", "上班", "补班", "调休上班", "WORKDAY", "MAKE-UP WORKING DAY", MakeUpDayType], StringComparer.OrdinalIgnoreCase);

    public static Result<IcsCalendar> Read(string text)
    {
        var lines = Unfold(text);
        if (lines.Count == 0 || !lines[0].Text.Equals("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase))
        {
            var first = lines.Count == 0 ? "" : Shorten(lines[0].Text);
            return IcsErrors.NotICalendar(first);
        }

        var events = new List<IcsDayEvent>();
        var skipped = new List<IcsSkippedEvent>();
        var open = new Stack<(string Name, int Line)>();
        List<ContentLine>? eventLines = null;
        var eventLine = 0;
        foreach (var (number, content) in lines)
        {
            if (!TryParse(number, content, out var line))
            {
                return IcsErrors.LineInvalid(number, Shorten(content));
            }

            if (line.Name == "BEGIN")
            {
                var component = line.Value.Trim().ToUpperInvariant();
                if (open.Count == 0 && component != "VCALENDAR")
                {
                    return IcsErrors.OutsideCalendar(number, Shorten(content));
                }

                open.Push((component, number));
                if (component == "VEVENT" && open.Count == 2)
                {
                    eventLines = [];
                    eventLine = number;
                }

                continue;
            }

            if (line.Name == "END")
            {
                var component = line.Value.Trim().ToUpperInvariant();
                if (open.Count == 0 || open.Peek().Name != component)
                {
                    return IcsErrors.EndUnmatched(number, component, open.Count == 0 ? null : open.Peek());
                }

                open.Pop();
                if (component == "VEVENT" && eventLines is not null && open.Count == 1)
                {
                    var outcome = ReadEvent(eventLine, eventLines);
                    if (outcome.Error is { } error)
                    {
                        return error;
                    }

                    if (outcome.Event is { } dayEvent)
                    {
                        events.Add(dayEvent);
                    }
                    else
                    {
                        skipped.Add(outcome.Skipped!);
                    }

                    eventLines = null;
                }

                continue;
            }

            if (open.Count == 0)
            {
                return IcsErrors.OutsideCalendar(number, Shorten(content));
            }

            // Properties of components nested in an event (VALARM) are not the event's own.
            if (eventLines is not null && open.Peek().Name == "VEVENT")
            {
                eventLines.Add(line);
            }
        }

        if (open.Count > 0)
        {
            return IcsErrors.Truncated(open.Peek().Name, open.Peek().Line);
        }

        return new IcsCalendar(events, skipped);
    }

    private static EventOutcome ReadEvent(int line, List<ContentLine> properties)
    {
        var summary = Unescape(properties.FirstOrDefault(p => p.Name == "SUMMARY")?.Value ?? "");
        EventOutcome Skip(string reason) => new(null, new IcsSkippedEvent(line, summary, reason), null);

        var start = properties.FirstOrDefault(p => p.Name == "DTSTART");
        if (start is null)
        {
            return Skip(Bilingual.Join("事件没有 DTSTART。", "The event has no DTSTART."));
        }

        var startValue = ReadDate(start);
        if (startValue.Error is { } startError)
        {
            return new(null, null, startError);
        }

        if (startValue.Date is not { } first)
        {
            return Skip(Bilingual.Join($"带时刻的事件（DTSTART {start.Value}）不导入，只导入全天事件。",
                $"A timed event (DTSTART {start.Value}) is not imported; only all-day events are."));
        }

        if (properties.Any(p => p.Name == "STATUS" && p.Value.Trim().Equals("CANCELLED", StringComparison.OrdinalIgnoreCase)))
        {
            return Skip(Bilingual.Join("事件已取消（STATUS:CANCELLED）。", "The event is cancelled (STATUS:CANCELLED)."));
        }

        if (properties.Any(p => p.Name is "RRULE" or "RDATE"))
        {
            return Skip(Bilingual.Join("重复事件（RRULE/RDATE）不展开，请逐日列出。",
                "Recurring events (RRULE/RDATE) are not expanded; list each date as its own event."));
        }

        var end = EndOf(line, first, properties);
        if (end.Error is { } endError)
        {
            return new(null, null, endError);
        }

        var days = end.Date!.Value.DayNumber - first.DayNumber;
        if (days > MaxEventDays)
        {
            return new(null, null, IcsErrors.EventTooLong(line, days));
        }

        var kind = KindOf(properties, summary);
        if (kind.Error is { } kindError)
        {
            return new(null, null, kindError);
        }

        return new(new IcsDayEvent(line, summary, kind.Kind, first, end.Date.Value.AddDays(-1)), null, null);
    }

    /// <summary>Returns the exclusive end date from DTEND, from DURATION, or one day after an all-day DTSTART (RFC 5545 section 3.6.1).</summary>
    private static DateOutcome EndOf(int eventLine, DateOnly first, List<ContentLine> properties)
    {
        var end = properties.FirstOrDefault(p => p.Name == "DTEND");
        var duration = properties.FirstOrDefault(p => p.Name == "DURATION");
        if (end is not null && duration is not null)
        {
            return new(null, IcsErrors.EndAndDuration(end.Number));
        }

        if (end is not null)
        {
            var endValue = ReadDate(end);
            if (endValue.Error is not null)
            {
                return endValue;
            }

            if (endValue.Date is not { } last)
            {
                return new(null, IcsErrors.EndNotDate(end.Number, end.Value));
            }

            return last > first ? endValue : new(null, IcsErrors.EndNotAfterStart(end.Number, end.Value));
        }

        if (duration is not null)
        {
            var match = DurationPattern().Match(duration.Value.Trim());
            if (!match.Success || !int.TryParse(match.Groups["count"].Value, CultureInfo.InvariantCulture, out var count) || count == 0)
            {
                return new(null, IcsErrors.DurationInvalid(duration.Number, duration.Value));
            }

            var days = match.Groups["unit"].Value == "W" ? count * 7 : count;
            return days > MaxEventDays ? new(null, IcsErrors.EventTooLong(eventLine, days)) : new(first.AddDays(days), null);
        }

        return new(first.AddDays(1), null);
    }

    private static KindOutcome KindOf(List<ContentLine> properties, string summary)
    {
        if (properties.FirstOrDefault(p => p.Name == DayTypeProperty) is { } marker)
        {
            return marker.Value.Trim().ToUpperInvariant() switch
            {
                HolidayDayType => new(CalendarDayKind.Holiday, null),
                MakeUpDayType => new(CalendarDayKind.MakeUpWorkingDay, null),
                _ => new(CalendarDayKind.Holiday, IcsErrors.DayTypeInvalid(marker.Number, marker.Value)),
            };
        }

        var categories = properties.Where(p => p.Name == "CATEGORIES").SelectMany(p => SplitList(p.Value)).Select(c => c.Trim());
        if (categories.Any(MakeUpCategories.Contains) || summary.Contains('班'))
        {
            return new(CalendarDayKind.MakeUpWorkingDay, null);
        }

        return new(CalendarDayKind.Holiday, null);
    }

    /// <summary>Reads a DATE value (yyyyMMdd). Returns no date and no error for a valid DATE-TIME, which marks a timed event.</summary>
    private static DateOutcome ReadDate(ContentLine property)
    {
        var value = property.Value.Trim();
        var type = property.Parameters.GetValueOrDefault("VALUE")?.ToUpperInvariant();
        if (type != "DATE-TIME" && DateOnly.TryParseExact(value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new(date, null);
        }

        if (type != "DATE" && DateTimePattern().Match(value) is { Success: true } match
            && DateTime.TryParseExact(match.Groups["local"].Value, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return new(null, null);
        }

        return new(null, IcsErrors.DateInvalid(property.Number, property.Name, property.Value));
    }

    /// <summary>Joins folded lines (RFC 5545 section 3.1): a line that starts with a space or a tab continues the previous one.</summary>
    private static List<(int Number, string Text)> Unfold(string text)
    {
        var lines = new List<(int Number, string Text)>();
        var physical = text.TrimStart('\uFEFF').Split('\n');
        for (var i = 0; i < physical.Length; i++)
        {
            var line = physical[i].TrimEnd('\r');
            if (line.Length > 0 && line[0] is ' ' or '\t' && lines.Count > 0)
            {
                var (number, previous) = lines[^1];
                lines[^1] = (number, previous + line[1..]);
            }
            else if (line.Length > 0)
            {
                lines.Add((i + 1, line));
            }
        }

        return lines;
    }

    /// <summary>Splits a content line into name, parameters and value. A colon or semicolon inside double quotes belongs to the parameter.</summary>
    private static bool TryParse(int number, string text, out ContentLine line)
    {
        line = default!;
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var quoted = false;
        var segmentStart = 0;
        string? name = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
                continue;
            }

            if (quoted || c is not (';' or ':'))
            {
                continue;
            }

            var segment = text[segmentStart..i];
            if (name is null)
            {
                name = segment.Trim().ToUpperInvariant();
            }
            else if (segment.IndexOf('=') is > 0 and var equals)
            {
                parameters[segment[..equals].Trim()] = segment[(equals + 1)..].Trim('"');
            }

            segmentStart = i + 1;
            if (c == ':')
            {
                if (name.Length == 0 || !NamePattern().IsMatch(name))
                {
                    return false;
                }

                line = new ContentLine(number, name, parameters, text[(i + 1)..]);
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits a comma-separated TEXT list, keeping escaped commas.</summary>
    private static IEnumerable<string> SplitList(string value) =>
        EscapedCommaPattern().Split(value).Select(Unescape);

    /// <summary>Reverses RFC 5545 section 3.3.11 TEXT escaping.</summary>
    internal static string Unescape(string value)
    {
        if (!value.Contains('\\'))
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                text.Append(value[i] is 'n' or 'N' ? '\n' : value[i]);
            }
            else
            {
                text.Append(value[i]);
            }
        }

        return text.ToString();
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    [GeneratedRegex(@"^[A-Z0-9-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(?<local>\d{8}T\d{6})Z?$")]
    private static partial Regex DateTimePattern();

    /// <summary>A whole-day duration: nW, or nD with an optional zero time part such as P1DT0H0M0S.</summary>
    [GeneratedRegex(@"^\+?P(?:(?<count>\d{1,6})(?<unit>W)|(?<count>\d{1,6})(?<unit>D)(?:T(?:0+H)?(?:0+M)?(?:0+S)?)?)$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(?<!\\),")]
    private static partial Regex EscapedCommaPattern();

    private sealed record ContentLine(int Number, string Name, IReadOnlyDictionary<string, string> Parameters, string Value);

    private sealed record EventOutcome(IcsDayEvent? Event, IcsSkippedEvent? Skipped, Error? Error);

    private sealed record DateOutcome(DateOnly? Date, Error? Error);

    private sealed record KindOutcome(CalendarDayKind Kind, Error? Error);
}
