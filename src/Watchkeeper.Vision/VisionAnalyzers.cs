using Watchkeeper.Vision.Analyzers;

namespace Watchkeeper.Vision;

/// <summary>The analyzers of video quality diagnosis.</summary>
public static class VisionAnalyzers
{
    /// <summary>Every check, one instance each (analyzers are stateless, so the instances can be shared).</summary>
    public static IReadOnlyList<IFrameAnalyzer> CreateDefault() =>
    [
        new SignalLossAnalyzer(),
        new BlurAnalyzer(),
        new TooDarkAnalyzer(),
        new OverexposedAnalyzer(),
        new LowContrastAnalyzer(),
        new ColorCastAnalyzer(),
        new SnowNoiseAnalyzer(),
        new StripeInterferenceAnalyzer(),
        new OcclusionAnalyzer(),
    ];

    /// <summary>A diagnoser running <see cref="CreateDefault"/>.</summary>
    public static FrameDiagnoser CreateDiagnoser() => new(CreateDefault());
}
