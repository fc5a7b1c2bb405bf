namespace Watchkeeper.Server.Alarms;

public static class AlarmServiceCollectionExtensions
{
    /// <summary>Registers the alarm list and page queries, the operator actions and their console dialogs.</summary>
    public static IServiceCollection AddAlarms(this IServiceCollection services)
    {
        services.AddScoped<AlarmQueries>();
        services.AddScoped<AlarmDetailQueries>();
        services.AddScoped<AlarmService>();
        services.AddScoped<AlarmConsoleActions>();
        return services;
    }
}
