namespace Watchkeeper.Server.Changes;

public static class ChangeServiceCollectionExtensions
{
    /// <summary>Registers the change workflow: requests, approvals, notices, permits, their health comparison and the
    /// follow-up worker (approval reminders, overdue emergency approvals, overruns).</summary>
    public static IServiceCollection AddChanges(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ChangeOptions>(configuration.GetSection(ChangeOptions.Section));
        services.AddSingleton<ChangeHealth>();
        services.AddSingleton<ChangeNotices>();
        services.AddScoped<ChangeService>();
        services.AddScoped<ChangeQueries>();
        services.AddScoped<ChangeApprovalChains>();
        services.AddScoped<ChangeFollowUps>();
        services.AddSingleton<ChangeWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeWorker>());
        services.AddScoped<ChangeConsoleQueries>();
        services.AddScoped<ChangeBanners>();
        services.AddChangeCatalog(configuration);
        return services;
    }
}
