namespace Watchkeeper.Server.Alarms;

public static class AlarmServiceCollectionExtensions
{
    /// <summary>
    /// Registers the alarm pipeline's rules (severity rules, site-outage correlation), the alarm timer, the alarm list
    /// and page queries, and the operator actions with their console dialogs.
    /// </summary>
    public static IServiceCollection AddAlarms(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AlarmOptions>(configuration.GetSection(AlarmOptions.Section));
        services.AddSingleton<SeverityRuleBook>();
        services.AddSingleton<AlarmCorrelator>();
        services.AddScoped<AlarmCorrelationQueries>();
        services.AddSingleton<AlarmTimer>();
        services.AddHostedService(sp => sp.GetRequiredService<AlarmTimer>());
        services.AddScoped<AlarmQueries>();
        services.AddScoped<AlarmDetailQueries>();
        services.AddScoped<AlarmService>();
        services.AddScoped<AlarmConsoleActions>();
        return services;
    }
}
