using System.Globalization;
using Watchkeeper.Core.Calendars;
using Watchkeeper.Server.Notifications.Routing;

namespace Watchkeeper.Server.Calendars;

/// <summary>
/// The calendar editor's month view: the weeks of a month, Monday first, and a click that cycles a date through a
/// normal day, a holiday and a make-up working day in the editor's date lists.
/// </summary>
public static class CalendarMonthView
{
    private static readonly char[] s_separators = ['\n', ',', ' ', '，'];

    /// <summary>Returns the weeks that cover <paramref name="month"/>'s first day to its last, Monday to Sunday, with days of the neighboring months at the edges.</summary>
    public static IReadOnlyList<DateOnly[]> Weeks(DateOnly month)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var start = first.AddDays(-(((int)first.DayOfWeek + 6) % 7));
        var weeks = new List<DateOnly[]>();
        for (var monday = start; monday <= last; monday = monday.AddDays(7))
        {
            weeks.Add([.. Enumerable.Range(0, 7).Select(monday.AddDays)]);
        }

        return weeks;
    }

    /// <summary>Returns what the editor's lists make of <paramref name="date"/>: a holiday, a make-up working day, or null for a normal day.</summary>
    public static CalendarDayKind? KindOf(CalendarForm form, DateOnly date)
    {
        var token = Format(date);
        if (Tokens(form.Holidays).Contains(token))
        {
            return CalendarDayKind.Holiday;
        }

        return Tokens(form.MakeUpWorkingDays).Contains(token) ? CalendarDayKind.MakeUpWorkingDay : null;
    }

    /// <summary>Moves <paramref name="date"/> on: normal to holiday, holiday to make-up working day, make-up working day to normal.</summary>
    public static void Cycle(CalendarForm form, DateOnly date)
    {
        var token = Format(date);
        switch (KindOf(form, date))
        {
            case null:
                form.Holidays = Join(Tokens(form.Holidays).Append(token));
                break;
            case CalendarDayKind.Holiday:
                form.Holidays = Join(Tokens(form.Holidays).Where(t => t != token));
                form.MakeUpWorkingDays = Join(Tokens(form.MakeUpWorkingDays).Append(token));
                break;
            default:
                form.MakeUpWorkingDays = Join(Tokens(form.MakeUpWorkingDays).Where(t => t != token));
                break;
        }
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<string> Tokens(string text) =>
        [.. (text ?? "").Split(s_separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Joins the dates one per line in date order. A token that is not a date stays at the end, so that the API names it in its error.</summary>
    private static string Join(IEnumerable<string> tokens) =>
        string.Join('\n', tokens.Distinct().OrderBy(t => IsDate(t) ? 0 : 1).ThenBy(t => t, StringComparer.Ordinal));

    private static bool IsDate(string token) =>
        DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
