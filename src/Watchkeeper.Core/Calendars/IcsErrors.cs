using Watchkeeper.Core.Results;

namespace Watchkeeper.Core.Calendars;

/// <summary>Errors for an iCalendar file that cannot be imported. Each message names the line and value and what to fix.</summary>
public static class IcsErrors
{
    public const string Field = "file";

    public static Error NotICalendar(string firstLine) => Error.Validation("calendar.ics.not_icalendar", Bilingual.Join(
        $"这不是 iCalendar 文件：第一行是“{firstLine}”，应为 BEGIN:VCALENDAR。请上传 .ics 文件。",
        $"This is not an iCalendar file: the first line is '{firstLine}', not BEGIN:VCALENDAR. Upload an .ics file."), Field);

    public static Error LineInvalid(int line, string text) => Error.Validation("calendar.ics.line.invalid", Bilingual.Join(
        $"第 {line} 行“{text}”不是“名称:值”格式的内容行，请检查文件是否损坏。",
        $"Line {line} '{text}' is not a NAME:value content line; check whether the file is damaged."), Field);

    public static Error OutsideCalendar(int line, string text) => Error.Validation("calendar.ics.outside", Bilingual.Join(
        $"第 {line} 行“{text}”位于 BEGIN:VCALENDAR 与 END:VCALENDAR 之外。",
        $"Line {line} '{text}' is outside BEGIN:VCALENDAR ... END:VCALENDAR."), Field);

    public static Error EndUnmatched(int line, string component, (string Name, int Line)? open) => Error.Validation("calendar.ics.end.unmatched",
        open is { } begun
            ? Bilingual.Join($"第 {line} 行 END:{component} 与第 {begun.Line} 行的 BEGIN:{begun.Name} 不匹配。",
                $"END:{component} on line {line} does not match BEGIN:{begun.Name} on line {begun.Line}.")
            : Bilingual.Join($"第 {line} 行 END:{component} 没有对应的 BEGIN。", $"END:{component} on line {line} has no matching BEGIN."),
        Field);

    public static Error Truncated(string component, int line) => Error.Validation("calendar.ics.truncated", Bilingual.Join(
        $"文件在第 {line} 行开始的 {component} 内结束，可能不完整，请重新导出或下载。",
        $"The file ends inside the {component} begun on line {line}; it may be cut off. Export or download it again."), Field);

    public static Error DateInvalid(int line, string property, string value) => Error.Validation("calendar.ics.date.invalid", Bilingual.Join(
        $"第 {line} 行 {property} 的值“{value}”不是有效日期，全天事件请写成 {property};VALUE=DATE:20261001。",
        $"The {property} value '{value}' on line {line} is not a valid date; write an all-day event as {property};VALUE=DATE:20261001."), Field);

    public static Error EndNotDate(int line, string value) => Error.Validation("calendar.ics.end.not_date", Bilingual.Join(
        $"第 {line} 行 DTEND“{value}”带时刻，而 DTSTART 是日期；全天事件的 DTEND 也须是日期。",
        $"DTEND '{value}' on line {line} has a time but DTSTART is a date; an all-day event needs a date in DTEND too."), Field);

    public static Error EndNotAfterStart(int line, string value) => Error.Validation("calendar.ics.end.before_start", Bilingual.Join(
        $"第 {line} 行 DTEND“{value}”须晚于 DTSTART（DTEND 是结束后的第一天，不含在事件内）。",
        $"DTEND '{value}' on line {line} must be after DTSTART (DTEND is the first day after the event, not part of it)."), Field);

    public static Error EndAndDuration(int line) => Error.Validation("calendar.ics.end.and_duration", Bilingual.Join(
        $"第 {line} 行：同一事件不能同时有 DTEND 和 DURATION，请删去其一。",
        $"Line {line}: an event cannot have both DTEND and DURATION; remove one of them."), Field);

    public static Error DurationInvalid(int line, string value) => Error.Validation("calendar.ics.duration.invalid", Bilingual.Join(
        $"第 {line} 行 DURATION“{value}”无效：全天事件须为整天，如 P1D、P3D 或 P1W。",
        $"DURATION '{value}' on line {line} is invalid: an all-day event lasts whole days, such as P1D, P3D or P1W."), Field);

    public static Error EventTooLong(int line, int days) => Error.Validation("calendar.ics.event.too_long", Bilingual.Join(
        $"第 {line} 行开始的事件长 {days} 天，超过上限 {IcsReader.MaxEventDays} 天；请拆分或删去该事件。",
        $"The event begun on line {line} lasts {days} days, more than the maximum of {IcsReader.MaxEventDays}; split or remove it."), Field);

    public static Error DayTypeInvalid(int line, string value) => Error.Validation("calendar.ics.day_type.invalid", Bilingual.Join(
        $"第 {line} 行 {IcsReader.DayTypeProperty}“{value}”无效，请用 {IcsReader.HolidayDayType} 或 {IcsReader.MakeUpDayType}。",
        $"{IcsReader.DayTypeProperty} '{value}' on line {line} is invalid; use {IcsReader.HolidayDayType} or {IcsReader.MakeUpDayType}."), Field);
}
