namespace Watchkeeper.Server.Alarms;

public static class AlarmServiceCollectionExtensions
{
    /// <summary>Registers the alarm list and page queries and the operator actions.</summary>
    public static IServiceCollection AddAlarms(this IServiceCollection services)
    {
        services.AddScoped<AlarmQueries>();
        services.AddScoped<AlarmDetailQueries>();
        services.AddScoped<AlarmService>();
        return services;
    }
}
