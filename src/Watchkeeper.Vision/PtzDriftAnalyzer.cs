using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision;

/// <summary>
/// PTZ drift (云台失控): a PTZ camera parked at a preset no longer shows that preset's reference view (it did not reach
/// the preset, slipped from it, or the preset's zoom was lost). It runs only when the frame set says the camera is
/// parked at a preset; without preset data the same mismatch is a scene change (<see cref="SceneChangeAnalyzer"/>).
/// See <see cref="ReferenceMismatch"/> for the measure.
/// </summary>
public sealed class PtzDriftAnalyzer : IFrameAnalyzer
{
    public DiagnosisKind Kind => DiagnosisKind.PtzDrift;

    public bool CanAnalyze(AnalysisContext context) => context.Input.Reference is not null && context.Input.ParkedAtPreset;

    public AnalyzerFinding Analyze(AnalysisContext context, double threshold) =>
        ReferenceMismatch.Measure(context, Kind, threshold, "preset view");
}
