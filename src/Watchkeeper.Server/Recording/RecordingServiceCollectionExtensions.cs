using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Recording;

public static class RecordingServiceCollectionExtensions
{
    /// <summary>Registers the recording checks, their worker, the passive recording probe and the API's services.</summary>
    public static IServiceCollection AddRecording(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RecordingOptions>(configuration.GetSection(RecordingOptions.Section));
        services.AddSingleton<RecordingChannelDirectory>();
        services.AddSingleton<RecordingPolicyStore>();
        services.AddSingleton<RecordingFetcher>();
        services.AddSingleton<RecordingBook>();
        services.AddSingleton<RecordingMetrics>();
        services.AddSingleton<RecordingCheckService>();
        services.AddSingleton<IProbe, RecordingProbe>();
        services.AddSingleton<RecordingWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<RecordingWorker>());
        services.AddScoped<RecordingQueries>();
        services.AddScoped<RecordingSettingsService>();
        return services;
    }
}
