namespace Watchkeeper.Server.Alarms.Suppression;

public static class SuppressionServiceCollectionExtensions
{
    /// <summary>
    /// Registers maintenance windows and silences: <see cref="IAlarmSuppressions"/> for alarm routing,
    /// <see cref="IMaintenanceWindowScheduler"/> for change management, the worker that flags alarms, and the
    /// services of the API and console. Needs the duty roster's time zone (<c>AddDutyRoster</c>).
    /// </summary>
    public static IServiceCollection AddAlarmSuppression(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AlarmSuppressionOptions>(configuration.GetSection(AlarmSuppressionOptions.Section));
        services.AddSingleton<AlarmSuppressions>();
        services.AddSingleton<IAlarmSuppressions>(sp => sp.GetRequiredService<AlarmSuppressions>());
        services.AddSingleton<MaintenanceWindowScheduler>();
        services.AddSingleton<IMaintenanceWindowScheduler>(sp => sp.GetRequiredService<MaintenanceWindowScheduler>());
        services.AddSingleton<SuppressionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SuppressionWorker>());
        services.AddScoped<SuppressionAccess>();
        services.AddScoped<MaintenanceWindowService>();
        services.AddScoped<SilenceService>();
        return services;
    }
}
