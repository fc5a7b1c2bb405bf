using Watchkeeper.Core.Calendars;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Calendars;

/// <summary>The dates a merge adds, how many it found already listed the same way, and the conflicts it left unchanged.</summary>
internal sealed record CalendarMergeOutcome(
    IReadOnlyList<DateOnly> AddedHolidays,
    IReadOnlyList<DateOnly> AddedMakeUpWorkingDays,
    int UnchangedCount,
    IReadOnlyList<CalendarDateConflict> Conflicts);

/// <summary>
/// Merges dates into a calendar's holidays and make-up working days without flipping any: a date listed the other way
/// round, or requested as both kinds at once, becomes a conflict and keeps its current meaning.
/// </summary>
internal static class CalendarDateMerge
{
    public static CalendarMergeOutcome Merge(IReadOnlyCollection<DateOnly> holidays, IReadOnlyCollection<DateOnly> makeUpWorkingDays,
        IEnumerable<(DateOnly Date, CalendarDayKind Kind)> incoming)
    {
        var listedHolidays = holidays.ToHashSet();
        var listedMakeUpDays = makeUpWorkingDays.ToHashSet();
        var addedHolidays = new List<DateOnly>();
        var addedMakeUpDays = new List<DateOnly>();
        var conflicts = new List<CalendarDateConflict>();
        var unchanged = 0;
        foreach (var group in incoming.GroupBy(day => day.Date).OrderBy(group => group.Key))
        {
            var date = group.Key;
            var kinds = group.Select(day => day.Kind).Distinct().ToList();
            if (kinds.Count > 1)
            {
                conflicts.Add(new CalendarDateConflict(CalendarDateService.Format(date), null, kinds[0], CalendarDateErrors.RequestedBoth(date)));
                continue;
            }

            var kind = kinds[0];
            var listedAs = listedHolidays.Contains(date) ? CalendarDayKind.Holiday
                : listedMakeUpDays.Contains(date) ? CalendarDayKind.MakeUpWorkingDay
                : (CalendarDayKind?)null;
            if (listedAs == kind)
            {
                unchanged++;
            }
            else if (listedAs is { } other)
            {
                conflicts.Add(new CalendarDateConflict(CalendarDateService.Format(date), other, kind, CalendarDateErrors.ListedOtherWay(date, other)));
            }
            else
            {
                (kind == CalendarDayKind.Holiday ? addedHolidays : addedMakeUpDays).Add(date);
            }
        }

        return new CalendarMergeOutcome(addedHolidays, addedMakeUpDays, unchanged, conflicts);
    }
}

/// <summary>The expected failures and conflict messages of applying public holidays and importing iCalendar files.</summary>
public static class CalendarDateErrors
{
    public static Error YearNotShipped(int year) => Error.NotFound("calendar.public_holidays.year_unknown", Bilingual.Join(
        $"没有 {year} 年的法定节假日数据，可用年份：{Years()}。其他年份请导入 iCalendar 文件或手工录入。",
        $"No public holidays are shipped for {year}; shipped years: {Years()}. Import an iCalendar file or enter other years by hand."));

    public static Error TooManyDates(string field, int count) => Error.Validation("calendar.list.too_long", Bilingual.Join(
        $"合并后 {field} 将有 {count} 项，超过上限 {CalendarService.MaxDates} 项；未写入任何日期。请先删去过去的日期。",
        $"After the merge {field} would hold {count} entries, more than the maximum of {CalendarService.MaxDates}; nothing was written. Remove past dates first."),
        field);

    public static Error FileTooLarge() => Error.TooLarge("calendar.ics.too_large", Bilingual.Join(
        $"iCalendar 文件超过 {CalendarDateService.MaxImportBytes / 1024} KB 上限，请只导出需要的年份。",
        $"The iCalendar file is over the {CalendarDateService.MaxImportBytes / 1024} KB limit; export only the years you need."), IcsErrors.Field);

    public static Error FileEmpty() => Error.Validation("calendar.ics.empty", Bilingual.Join(
        "请求正文为空，请以 text/calendar 上传 .ics 文件内容。", "The request body is empty; send the .ics file's content as text/calendar."), IcsErrors.Field);

    public static Error NotUtf8() => Error.Validation("calendar.ics.not_utf8", Bilingual.Join(
        "文件不是 UTF-8 编码（RFC 5545 要求 UTF-8），请转换编码后重试。", "The file is not UTF-8 encoded, as RFC 5545 requires; convert it and try again."), IcsErrors.Field);

    internal static string ListedOtherWay(DateOnly date, CalendarDayKind listedAs) => listedAs == CalendarDayKind.Holiday
        ? Bilingual.Join($"{date:yyyy-MM-dd} 在日历中是节假日，未改为调休工作日；如需更改请在编辑器中修改。",
            $"{date:yyyy-MM-dd} is a holiday in the calendar and was not changed to a make-up working day; change it in the editor if needed.")
        : Bilingual.Join($"{date:yyyy-MM-dd} 在日历中是调休工作日，未改为节假日；如需更改请在编辑器中修改。",
            $"{date:yyyy-MM-dd} is a make-up working day in the calendar and was not changed to a holiday; change it in the editor if needed.");

    internal static string RequestedBoth(DateOnly date) => Bilingual.Join(
        $"{date:yyyy-MM-dd} 同时被列为节假日和调休工作日，已跳过。", $"{date:yyyy-MM-dd} is listed as both a holiday and a make-up working day; it was skipped.");

    private static string Years() => string.Join(", ", PublicHolidays.PublicHolidayCatalog.Years.Select(y => y.Year));
}
