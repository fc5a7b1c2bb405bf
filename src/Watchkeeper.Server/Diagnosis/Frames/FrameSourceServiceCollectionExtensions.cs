namespace Watchkeeper.Server.Diagnosis.Frames;

public static class FrameSourceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IFrameSource"/> (RTSP through ffmpeg, else the HTTP snapshot) with its options from the
    /// <c>Diagnosis:Frames</c> section and the shared concurrency bound.
    /// </summary>
    public static IServiceCollection AddFrameSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FrameSourceOptions>(configuration.GetSection(FrameSourceOptions.Section));
        services.AddSingleton<FrameGrabGate>();
        services.AddSingleton<RtspFrameSource>();
        services.AddSingleton<SnapshotFrameSource>();
        services.AddSingleton<IFrameSource, CompositeFrameSource>();
        return services;
    }
}
