using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Calendars;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Calendars;

/// <summary>One working period: Day is a weekday name (Monday…Sunday), Start and End are local "HH:mm" with End after Start.</summary>
public sealed record WorkingHoursInput(string? Day, string? Start, string? End);

/// <summary>Creates or replaces a business calendar. Dates are "yyyy-MM-dd"; a make-up working day works Monday's hours.</summary>
public sealed record CalendarInput(string? Name, string? TimeZone, IReadOnlyList<WorkingHoursInput>? WorkingHours, IReadOnlyList<string>? Holidays,
    IReadOnlyList<string>? MakeUpWorkingDays);

public sealed record CalendarView(long Id, string Name, string TimeZone, bool IsDefault, IReadOnlyList<WorkingHoursInput> WorkingHours,
    IReadOnlyList<string> Holidays, IReadOnlyList<string> MakeUpWorkingDays, DateTimeOffset UpdatedAt);

/// <summary>The stored business calendars: the default one and named ones, for routing, escalation and SLA clocks.</summary>
public sealed class CalendarService(WatchkeeperDbContext db, TimeProvider time)
{
    public const int MaxDates = 400;
    public const int MaxPeriods = 28;

    public async Task<IReadOnlyList<CalendarView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.BusinessCalendars.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken)).Select(ToView).ToList();

    public async Task<CalendarView?> GetAsync(long id, CancellationToken cancellationToken) =>
        await db.BusinessCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) is { } calendar ? ToView(calendar) : null;

    /// <summary>Returns the calendar with <paramref name="id"/>, or the default calendar when the id is null or unknown.</summary>
    public static async Task<BusinessCalendar> LoadAsync(WatchkeeperDbContext db, long? id, CancellationToken cancellationToken)
    {
        var requestedId = id ?? CalendarDefinition.DefaultId;
        var stored = await db.BusinessCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Id == requestedId, cancellationToken)
            ?? await db.BusinessCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Id == CalendarDefinition.DefaultId, cancellationToken);
        return stored?.ToCalendar() ?? BusinessCalendar.Default();
    }

    public async Task<Result<CalendarView>> CreateAsync(CalendarInput input, CancellationToken cancellationToken) =>
        await SaveAsync(new CalendarDefinition { Name = "", CreatedAt = time.GetUtcNow() }, input, isNew: true, cancellationToken);

    public async Task<Result<CalendarView>> UpdateAsync(long id, CalendarInput input, CancellationToken cancellationToken)
    {
        var calendar = await db.BusinessCalendars.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return calendar is null ? CalendarErrors.NotFound(id) : await SaveAsync(calendar, input, isNew: false, cancellationToken);
    }

    private async Task<Result<CalendarView>> SaveAsync(CalendarDefinition calendar, CalendarInput input, bool isNew, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 || name.Length > CalendarDefinition.MaxNameLength)
        {
            errors.Add(CalendarErrors.NameInvalid(input.Name));
        }
        else if (await db.BusinessCalendars.AnyAsync(c => c.Name == name && c.Id != calendar.Id, cancellationToken))
        {
            errors.Add(CalendarErrors.NameDuplicate(name));
        }

        var zone = string.IsNullOrWhiteSpace(input.TimeZone) ? "Asia/Shanghai" : input.TimeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add(CalendarErrors.TimeZoneUnknown(input.TimeZone));
        }

        var hours = Periods(input.WorkingHours ?? [], errors);
        var holidays = Dates(input.Holidays, "holidays", errors);
        var makeUpDays = Dates(input.MakeUpWorkingDays, "makeUpWorkingDays", errors);
        var both = holidays.Intersect(makeUpDays).ToList();
        if (both.Count > 0)
        {
            errors.Add(CalendarErrors.DateTwice(both[0]));
        }

        if (errors.Count > 0)
        {
            return Result<CalendarView>.Failure(errors);
        }

        calendar.Name = name;
        calendar.TimeZone = zone;
        calendar.WorkingHours = hours;
        calendar.Holidays = holidays;
        calendar.MakeUpWorkingDays = makeUpDays;
        calendar.UpdatedAt = time.GetUtcNow();
        if (isNew)
        {
            db.BusinessCalendars.Add(calendar);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ToView(calendar);
    }

    private static List<WorkingHoursEntry> Periods(IReadOnlyList<WorkingHoursInput> inputs, List<Error> errors)
    {
        if (inputs.Count > MaxPeriods)
        {
            errors.Add(CalendarErrors.TooMany("workingHours", inputs.Count, MaxPeriods));
            return [];
        }

        var periods = new List<WorkingHoursEntry>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var field = $"workingHours[{i}]";
            var dayValid = Enum.TryParse<DayOfWeek>(input.Day?.Trim(), ignoreCase: true, out var day) && !char.IsAsciiDigit(input.Day!.Trim()[0]);
            var startValid = TryTime(input.Start, out var start);
            var endValid = TryTime(input.End, out var end);
            if (!dayValid)
            {
                errors.Add(CalendarErrors.DayInvalid(field, input.Day));
            }

            if (!startValid || !endValid || end <= start)
            {
                errors.Add(CalendarErrors.PeriodInvalid(field, input.Start, input.End));
            }

            if (dayValid && startValid && endValid && end > start)
            {
                var overlapping = periods.FirstOrDefault(p => p.Day == day && p.Start < end && start < p.End);
                if (overlapping is not null)
                {
                    errors.Add(CalendarErrors.PeriodsOverlap(field, day));
                }

                periods.Add(new WorkingHoursEntry(day, start, end));
            }
        }

        return [.. periods.OrderBy(p => p.Day == DayOfWeek.Sunday ? 7 : (int)p.Day).ThenBy(p => p.Start)];
    }

    private static List<DateOnly> Dates(IReadOnlyList<string>? values, string field, List<Error> errors)
    {
        var dates = new SortedSet<DateOnly>();
        if (values is { Count: > MaxDates })
        {
            errors.Add(CalendarErrors.TooMany(field, values.Count, MaxDates));
            return [];
        }

        foreach (var value in values ?? [])
        {
            if (DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                dates.Add(date);
            }
            else
            {
                errors.Add(CalendarErrors.DateInvalid(field, value));
            }
        }

        return [.. dates];
    }

    private static bool TryTime(string? value, out TimeOnly time) =>
        TimeOnly.TryParseExact(value?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    private static CalendarView ToView(CalendarDefinition calendar) => new(
        calendar.Id,
        calendar.Name,
        calendar.TimeZone,
        calendar.Id == CalendarDefinition.DefaultId,
        [.. calendar.WorkingHours.Select(h => new WorkingHoursInput(h.Day.ToString(), h.Start.ToString("HH:mm"), h.End.ToString("HH:mm")))],
        [.. calendar.Holidays.Select(d => d.ToString("yyyy-MM-dd"))],
        [.. calendar.MakeUpWorkingDays.Select(d => d.ToString("yyyy-MM-dd"))],
        calendar.UpdatedAt);
}

/// <summary>The calendar API's expected failures.</summary>
public static class CalendarErrors
{
    public static Error NotFound(long id) => Error.NotFound("calendar.not_found",
        Bilingual.Join($"工作日历 {id} 不存在。", $"Business calendar {id} does not exist."));

    public static Error NameInvalid(string? value) => Error.Validation("calendar.name.invalid", Bilingual.Join(
        $"名称须为 1–{CalendarDefinition.MaxNameLength} 个字符，收到“{value}”。",
        $"A name must be 1-{CalendarDefinition.MaxNameLength} characters; got '{value}'."), "name");

    public static Error NameDuplicate(string name) => Error.Conflict("calendar.name.duplicate", Bilingual.Join(
        $"已有名为“{name}”的工作日历，请换一个名称。", $"A business calendar named '{name}' already exists; choose another name."), "name");

    public static Error TimeZoneUnknown(string? value) => Error.Validation("calendar.time_zone.unknown", Bilingual.Join(
        $"时区“{value}”无效，请使用 IANA 名称，如 Asia/Shanghai。", $"Time zone '{value}' is unknown; use an IANA name such as Asia/Shanghai."), "timeZone");

    public static Error DayInvalid(string field, string? value) => Error.Validation("calendar.day.invalid", Bilingual.Join(
        $"星期“{value}”无效，请用 Monday…Sunday。", $"Day '{value}' is invalid; use Monday to Sunday."), field);

    public static Error PeriodInvalid(string field, string? start, string? end) => Error.Validation("calendar.period.invalid", Bilingual.Join(
        $"工作时段 {start}–{end} 无效：请按 HH:mm 填写，结束须晚于开始，跨零点请拆成两段。",
        $"Working period {start}-{end} is invalid: write HH:mm with the end after the start, and split a period across midnight in two."), field);

    public static Error PeriodsOverlap(string field, DayOfWeek day) => Error.Validation("calendar.period.overlap", Bilingual.Join(
        $"{day} 的工作时段重叠，请合并或调整。", $"Working periods of {day} overlap; merge or adjust them."), field);

    public static Error DateInvalid(string field, string? value) => Error.Validation("calendar.date.invalid", Bilingual.Join(
        $"日期“{value}”无效，请按 yyyy-MM-dd 填写，如 2026-10-01。", $"Date '{value}' is invalid; write it as yyyy-MM-dd, e.g. 2026-10-01."), field);

    public static Error DateTwice(DateOnly date) => Error.Validation("calendar.date.both", Bilingual.Join(
        $"{date:yyyy-MM-dd} 不能既是节假日又是调休工作日。", $"{date:yyyy-MM-dd} cannot be both a holiday and a make-up working day."), "makeUpWorkingDays");

    public static Error TooMany(string field, int count, int max) => Error.Validation("calendar.list.too_long", Bilingual.Join(
        $"{field} 最多 {max} 项，收到 {count} 项。", $"{field} takes at most {max} entries; got {count}."), field);
}
