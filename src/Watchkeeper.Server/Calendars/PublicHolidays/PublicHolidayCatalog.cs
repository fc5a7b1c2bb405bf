using System.Text.Json;
using Watchkeeper.Core.Calendars;

namespace Watchkeeper.Server.Calendars.PublicHolidays;

/// <summary>The notice a year's arrangement comes from. Number is null where the shipped data does not state it.</summary>
public sealed record HolidayNotice(string Title, string? Number, DateOnly PublishedOn);

/// <summary>One public holiday: every day off (weekend days included) and the weekend days worked in exchange.</summary>
public sealed record PublicHoliday(string NameZh, string NameEn, IReadOnlyList<DateOnly> Dates, IReadOnlyList<DateOnly> MakeUpWorkingDays);

public sealed record PublicHolidayYear(int Year, HolidayNotice Notice, IReadOnlyList<PublicHoliday> Holidays)
{
    public IEnumerable<(DateOnly Date, CalendarDayKind Kind)> Days() =>
        Holidays.SelectMany(h => h.Dates.Select(d => (d, CalendarDayKind.Holiday))
            .Concat(h.MakeUpWorkingDays.Select(d => (d, CalendarDayKind.MakeUpWorkingDay))));
}

/// <summary>
/// Mainland China's public holidays as the State Council General Office arranges them each year, read from the
/// embedded cn-public-holidays.json. A new year is a new entry in that file, not new code.
/// </summary>
public static class PublicHolidayCatalog
{
    private const string ResourceName = "Watchkeeper.Server.Calendars.PublicHolidays.cn-public-holidays.json";

    private static readonly Lazy<IReadOnlyList<PublicHolidayYear>> s_years = new(Load);

    public static IReadOnlyList<PublicHolidayYear> Years => s_years.Value;

    public static PublicHolidayYear? Find(int year) => Years.FirstOrDefault(y => y.Year == year);

    /// <summary>Returns the shipped holiday whose days off or make-up days include <paramref name="date"/>, if any.</summary>
    public static PublicHoliday? HolidayOn(DateOnly date) =>
        Find(date.Year)?.Holidays.FirstOrDefault(h => h.Dates.Contains(date) || h.MakeUpWorkingDays.Contains(date))
        ?? Find(date.Year + 1)?.Holidays.FirstOrDefault(h => h.MakeUpWorkingDays.Contains(date));

    private static IReadOnlyList<PublicHolidayYear> Load()
    {
        using var stream = typeof(PublicHolidayCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        var file = JsonSerializer.Deserialize<HolidayFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is empty.");
        return [.. file.Years.OrderBy(y => y.Year)];
    }

    private sealed record HolidayFile(string Region, string Description, IReadOnlyList<PublicHolidayYear> Years);
}
