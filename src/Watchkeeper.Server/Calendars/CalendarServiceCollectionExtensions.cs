using Microsoft.Extensions.DependencyInjection.Extensions;
using Watchkeeper.Server.Calendars.PublicHolidays;
using Watchkeeper.Server.Hosting;

namespace Watchkeeper.Server.Calendars;

public static class CalendarServiceCollectionExtensions
{
    /// <summary>
    /// Registers business calendars, their holiday import and export, and the start-up step that adds the shipped
    /// public holidays to the default calendar.
    /// </summary>
    public static IServiceCollection AddBusinessCalendars(this IServiceCollection services)
    {
        services.TryAddScoped<CalendarService>();
        services.AddScoped<CalendarDateService>();
        services.AddSingleton<IStartupSeeder, DefaultCalendarHolidaySeeder>();
        return services;
    }
}
