using Microsoft.EntityFrameworkCore;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Hosting;

namespace Watchkeeper.Server.Calendars.PublicHolidays;

/// <summary>
/// Adds each shipped year of public holidays to the default calendar once, at start-up, on a new database and on an
/// existing one alike. The years already added are stored as a platform setting, so dates that a user removes or
/// changes later stay as the user left them.
/// </summary>
public sealed partial class DefaultCalendarHolidaySeeder(IDbContextFactory<WatchkeeperDbContext> dbFactory, TimeProvider time,
    ILogger<DefaultCalendarHolidaySeeder> logger) : IStartupSeeder
{
    public const string SettingKey = "calendars.default.public_holiday_years";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var setting = await db.PlatformSettings.FirstOrDefaultAsync(s => s.Key == SettingKey, cancellationToken);
        var applied = (setting?.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        var pending = PublicHolidayCatalog.Years.Where(y => !applied.Contains(y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var calendar = await db.BusinessCalendars.FirstOrDefaultAsync(c => c.Id == CalendarDefinition.DefaultId, cancellationToken);
        if (pending.Count == 0 || calendar is null)
        {
            return;
        }

        var merge = CalendarDateMerge.Merge(calendar.Holidays, calendar.MakeUpWorkingDays, pending.SelectMany(y => y.Days()));
        var holidays = calendar.Holidays.Concat(merge.AddedHolidays).Order().ToList();
        var makeUpDays = calendar.MakeUpWorkingDays.Concat(merge.AddedMakeUpWorkingDays).Order().ToList();
        if (holidays.Count > CalendarService.MaxDates || makeUpDays.Count > CalendarService.MaxDates)
        {
            LogTooManyDates(calendar.Id, string.Join(", ", pending.Select(y => y.Year)), CalendarService.MaxDates);
            return;
        }

        foreach (var conflict in merge.Conflicts)
        {
            LogConflict(calendar.Id, conflict.Date, conflict.ListedAs?.ToString() ?? "both", conflict.Requested.ToString());
        }

        var now = time.GetUtcNow();
        calendar.Holidays = holidays;
        calendar.MakeUpWorkingDays = makeUpDays;
        calendar.UpdatedAt = now;
        var years = string.Join(",", applied.Concat(pending.Select(y => y.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))).Order());
        if (setting is null)
        {
            db.PlatformSettings.Add(new PlatformSetting { Key = SettingKey, Value = years, UpdatedAt = now });
        }
        else
        {
            setting.Value = years;
            setting.UpdatedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            LogSeeded(calendar.Id, string.Join(", ", pending.Select(y => y.Year)), merge.AddedHolidays.Count, merge.AddedMakeUpWorkingDays.Count);
        }
        catch (DbUpdateException exception)
        {
            // Another node sharing the database added the years first, and its change is kept.
            LogRaced(exception, calendar.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Added the public holidays of {Years} to calendar {CalendarId}: {AddedHolidays} holidays and {AddedMakeUpDays} make-up working days")]
    private partial void LogSeeded(long calendarId, string years, int addedHolidays, int addedMakeUpDays);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Left {Date} of calendar {CalendarId} as {ListedAs}; the shipped public holidays list it as {Requested}")]
    private partial void LogConflict(long calendarId, string date, string listedAs, string requested);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Did not add the public holidays of {Years} to calendar {CalendarId}: a date list would pass {MaxDates} entries; remove past dates in the console")]
    private partial void LogTooManyDates(long calendarId, string years, int maxDates);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another node added the public holidays to calendar {CalendarId} first")]
    private partial void LogRaced(Exception exception, long calendarId);
}
