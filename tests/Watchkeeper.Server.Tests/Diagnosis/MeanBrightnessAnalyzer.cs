using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;
using Watchkeeper.Vision;

namespace Watchkeeper.Server.Tests.Diagnosis;

/// <summary>
/// A small real too-dark check for server tests, so that they see detections before the calibrated analyzers of
/// Watchkeeper.Vision are registered: the score reaches 0.5 at a mean grey level of 40 and 1 at 0.
/// </summary>
internal sealed class MeanBrightnessAnalyzer : IFrameAnalyzer
{
    public DiagnosisKind Kind => DiagnosisKind.TooDark;

    public bool CanAnalyze(AnalysisContext context) => true;

    public AnalyzerFinding Analyze(AnalysisContext context, double threshold)
    {
        var mean = Cv2.Mean(context.SmallGray[^1]).Val0;
        var score = Math.Clamp((80 - mean) / 80, 0, 1);
        var detected = score >= threshold;
        return new AnalyzerFinding(Kind, detected, score, detected ? context.WholeFrame : null, $"mean grey level {mean:0.0}");
    }
}
