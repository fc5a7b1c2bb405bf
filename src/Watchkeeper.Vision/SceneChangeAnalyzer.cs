using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision;

/// <summary>
/// Scene change (场景变换): the latest frame no longer shows the camera's reference view, because the camera was moved,
/// turned, zoomed or its picture replaced. A PTZ camera parked at a preset is judged by <see cref="PtzDriftAnalyzer"/>
/// instead, so the two never both run on one frame set. See <see cref="ReferenceMismatch"/> for the measure.
/// </summary>
public sealed class SceneChangeAnalyzer : IFrameAnalyzer
{
    public DiagnosisKind Kind => DiagnosisKind.SceneChange;

    public bool CanAnalyze(AnalysisContext context) => context.Input.Reference is not null && !context.Input.ParkedAtPreset;

    public AnalyzerFinding Analyze(AnalysisContext context, double threshold) =>
        ReferenceMismatch.Measure(context, Kind, threshold, "reference");
}
