using System.Text;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Calendars;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Calendars.PublicHolidays;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Calendars;

/// <summary>A date that the calendar lists as one kind and the request as the other, or that the request lists as both. The date is left unchanged.</summary>
public sealed record CalendarDateConflict(string Date, CalendarDayKind? ListedAs, CalendarDayKind Requested, string Message);

/// <summary>What applying shipped holidays or importing a file changed, and what it left out.</summary>
public sealed record CalendarDatesReport(
    long CalendarId,
    IReadOnlyList<string> AddedHolidays,
    IReadOnlyList<string> AddedMakeUpWorkingDays,
    int UnchangedCount,
    IReadOnlyList<CalendarDateConflict> Conflicts,
    IReadOnlyList<IcsSkippedEvent> Skipped);

/// <summary>The shipped public holidays of one year: its notice and holidays, for the API and the console.</summary>
public sealed record PublicHolidayYearView(int Year, HolidayNotice Notice, IReadOnlyList<PublicHoliday> Holidays);

/// <summary>
/// Adds holidays and make-up working days to a stored calendar from the shipped public holidays or an iCalendar file,
/// and exports them. Adding merges: a date already listed the same way is unchanged, and one listed the other way round
/// is reported as a conflict and left as it is.
/// </summary>
public sealed partial class CalendarDateService(WatchkeeperDbContext db, TimeProvider time, ILogger<CalendarDateService> logger)
{
    /// <summary>The largest iCalendar file the import reads, in bytes. The one-year feed in the tests is about 3 KB, so this leaves room for many years.</summary>
    public const int MaxImportBytes = 512 * 1024;

    public const string ContentType = "text/calendar";

    public static IReadOnlyList<PublicHolidayYearView> PublicHolidayYears() =>
        [.. PublicHolidayCatalog.Years.Select(y => new PublicHolidayYearView(y.Year, y.Notice, y.Holidays))];

    public async Task<Result<CalendarDatesReport>> ApplyPublicHolidaysAsync(long id, int year, CancellationToken cancellationToken)
    {
        if (PublicHolidayCatalog.Find(year) is not { } shipped)
        {
            return CalendarDateErrors.YearNotShipped(year);
        }

        var calendar = await db.BusinessCalendars.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (calendar is null)
        {
            return CalendarErrors.NotFound(id);
        }

        var result = await MergeAndSaveAsync(calendar, shipped.Days(), [], cancellationToken);
        if (result.IsSuccess)
        {
            LogApplied(id, year, result.Value.AddedHolidays.Count, result.Value.AddedMakeUpWorkingDays.Count, result.Value.Conflicts.Count);
        }

        return result;
    }

    /// <summary>Imports the all-day events of an iCalendar body of at most <see cref="MaxImportBytes"/> bytes. On any error nothing is written.</summary>
    public async Task<Result<CalendarDatesReport>> ImportAsync(long id, Stream body, CancellationToken cancellationToken)
    {
        var calendar = await db.BusinessCalendars.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (calendar is null)
        {
            return CalendarErrors.NotFound(id);
        }

        var text = await ReadTextAsync(body, cancellationToken);
        if (!text.IsSuccess)
        {
            return Result<CalendarDatesReport>.Failure(text.Errors);
        }

        var file = IcsReader.Read(text.Value);
        if (!file.IsSuccess)
        {
            return Result<CalendarDatesReport>.Failure(file.Errors);
        }

        var days = file.Value.Events.SelectMany(e => e.Dates().Select(d => (d, e.Kind)));
        var result = await MergeAndSaveAsync(calendar, days, file.Value.Skipped, cancellationToken);
        if (result.IsSuccess)
        {
            LogImported(id, result.Value.AddedHolidays.Count, result.Value.AddedMakeUpWorkingDays.Count, result.Value.Conflicts.Count,
                result.Value.Skipped.Count);
        }

        return result;
    }

    /// <summary>Returns the calendar's holidays and make-up working days as an iCalendar file, or null when the calendar does not exist.</summary>
    public async Task<(string FileName, string Content)?> ExportAsync(long id, CancellationToken cancellationToken)
    {
        var calendar = await db.BusinessCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (calendar is null)
        {
            return null;
        }

        var content = IcsWriter.Write(calendar.Name, calendar.TimeZone, $"calendar-{calendar.Id}", calendar.Holidays, calendar.MakeUpWorkingDays,
            SummaryOf, time.GetUtcNow());
        return ($"calendar-{calendar.Id}.ics", content);
    }

    /// <summary>Names an exported event after the shipped holiday on its first date, or generically.</summary>
    private static string SummaryOf(DateOnly first, CalendarDayKind kind)
    {
        var holiday = PublicHolidayCatalog.HolidayOn(first);
        return (kind, holiday) switch
        {
            (CalendarDayKind.Holiday, { } named) => $"{named.NameZh} {named.NameEn}",
            (CalendarDayKind.Holiday, null) => "节假日 Holiday",
            (_, { } named) => $"{named.NameZh}补班 Make-up working day ({named.NameEn})",
            _ => "补班 Make-up working day",
        };
    }

    private async Task<Result<CalendarDatesReport>> MergeAndSaveAsync(CalendarDefinition calendar, IEnumerable<(DateOnly Date, CalendarDayKind Kind)> incoming,
        IReadOnlyList<IcsSkippedEvent> skipped, CancellationToken cancellationToken)
    {
        var merge = CalendarDateMerge.Merge(calendar.Holidays, calendar.MakeUpWorkingDays, incoming);
        var holidays = calendar.Holidays.Concat(merge.AddedHolidays).Order().ToList();
        var makeUpDays = calendar.MakeUpWorkingDays.Concat(merge.AddedMakeUpWorkingDays).Order().ToList();
        var errors = new List<Error>();
        if (holidays.Count > CalendarService.MaxDates)
        {
            errors.Add(CalendarDateErrors.TooManyDates("holidays", holidays.Count));
        }

        if (makeUpDays.Count > CalendarService.MaxDates)
        {
            errors.Add(CalendarDateErrors.TooManyDates("makeUpWorkingDays", makeUpDays.Count));
        }

        if (errors.Count > 0)
        {
            return Result<CalendarDatesReport>.Failure(errors);
        }

        if (merge.AddedHolidays.Count + merge.AddedMakeUpWorkingDays.Count > 0)
        {
            calendar.Holidays = holidays;
            calendar.MakeUpWorkingDays = makeUpDays;
            calendar.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return new CalendarDatesReport(
            calendar.Id,
            [.. merge.AddedHolidays.Select(Format)],
            [.. merge.AddedMakeUpWorkingDays.Select(Format)],
            merge.UnchangedCount,
            merge.Conflicts,
            skipped);
    }

    private static async Task<Result<string>> ReadTextAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxImportBytes)
            {
                return CalendarDateErrors.FileTooLarge();
            }
        }

        if (buffer.Length == 0)
        {
            return CalendarDateErrors.FileEmpty();
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return CalendarDateErrors.NotUtf8();
        }
    }

    internal static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Applied public holidays of {Year} to calendar {CalendarId}: {AddedHolidays} holidays and {AddedMakeUpDays} make-up working days added, {Conflicts} conflicts left unchanged")]
    private partial void LogApplied(long calendarId, int year, int addedHolidays, int addedMakeUpDays, int conflicts);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Imported an iCalendar file into calendar {CalendarId}: {AddedHolidays} holidays and {AddedMakeUpDays} make-up working days added, {Conflicts} conflicts and {SkippedEvents} skipped events")]
    private partial void LogImported(long calendarId, int addedHolidays, int addedMakeUpDays, int conflicts, int skippedEvents);
}
