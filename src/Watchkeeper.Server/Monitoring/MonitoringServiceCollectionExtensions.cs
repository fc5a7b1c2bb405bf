namespace Watchkeeper.Server.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    /// <summary>Registers the probe scheduler, the health processor and what they share.</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MonitoringOptions>(configuration.GetSection(MonitoringOptions.Section));
        services.AddSingleton<DeviceDirectory>();
        services.AddSingleton<HealthBook>();
        services.AddSingleton<MonitoringQueue>();
        services.AddSingleton<MonitoringEvents>();
        services.AddSingleton<MonitoringMetrics>();
        services.AddSingleton<RoundRunner>();
        services.AddSingleton<LedgerFactWriter>();
        services.AddSingleton<ProbeScheduler>();
        services.AddSingleton<IMonitoringControl>(sp => sp.GetRequiredService<ProbeScheduler>());
        services.AddHostedService(sp => sp.GetRequiredService<ProbeScheduler>());
        services.AddHostedService<HealthProcessor>();
        return services;
    }

    /// <summary>Loads the ledger and the stored health states before the workers start.</summary>
    public static async Task LoadMonitoringStateAsync(this IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DeviceDirectory>().LoadAllAsync(cancellationToken);
        var health = services.GetRequiredService<HealthBook>();
        await health.LoadAsync(cancellationToken);
        await services.GetRequiredService<Gb28181.GbSessionBook>().LoadAsync(cancellationToken, health.StateOf);
    }
}
