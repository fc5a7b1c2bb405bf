using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Diagnosis.Frames;
using Watchkeeper.Server.Hosting;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Diagnosis;

public static class DiagnosisServiceCollectionExtensions
{
    /// <summary>
    /// Registers video quality diagnosis: the analyzers' runner, the scheduler and retention workers, the passive
    /// probe, the services of the API and console, every analyzer of <see cref="VisionAnalyzers"/> and the frame
    /// grabber (<see cref="Frames.IFrameSource"/>). A frame source registered later replaces the grabber.
    /// </summary>
    public static IServiceCollection AddDiagnosis(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<VideoDiagnosisOptions>(configuration.GetSection(VideoDiagnosisOptions.Section));
        var root = Path.Combine(StorageOptions.Resolve(configuration), "diagnosis");
        services.AddSingleton(new DiagnosisImageStore(root));
        foreach (var analyzer in VisionAnalyzers.CreateDefault())
        {
            services.AddSingleton(analyzer);
        }

        services.AddSingleton(sp => new FrameDiagnoser(sp.GetServices<IFrameAnalyzer>()));
        services.AddFrameSources(configuration);
        services.AddSingleton<DiagnosisEngine>();
        services.AddSingleton<DiagnosisMetrics>();
        services.AddSingleton<DiagnosisBook>();
        services.AddSingleton<DiagnosisPlanDirectory>();
        services.AddSingleton<DiagnosisRecorder>();
        services.AddSingleton<DiagnosisRunner>();
        services.AddSingleton<DiagnosisScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<DiagnosisScheduler>());
        services.AddSingleton<DiagnosisRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<DiagnosisRetention>());
        services.AddSingleton<IProbe, DiagnosisProbe>();
        services.AddScoped<DiagnosisCommands>();
        services.AddScoped<DiagnosisPlanService>();
        services.AddScoped<DiagnosisQueries>();
        return services;
    }
}
