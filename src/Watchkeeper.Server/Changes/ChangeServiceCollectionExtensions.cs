namespace Watchkeeper.Server.Changes;

public static class ChangeServiceCollectionExtensions
{
    /// <summary>Registers the change workflow: requests, approvals, notices, permits and their health comparison.</summary>
    public static IServiceCollection AddChanges(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ChangeOptions>(configuration.GetSection(ChangeOptions.Section));
        services.AddSingleton<ChangeHealth>();
        services.AddSingleton<ChangeNotices>();
        services.AddScoped<ChangeService>();
        services.AddScoped<ChangeQueries>();
        services.AddScoped<ChangeApprovalChains>();
        services.AddChangeCatalog(configuration);
        return services;
    }
}
