using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision;

/// <summary>One check of video quality diagnosis. Implementations are stateless and safe to share between threads.</summary>
public interface IFrameAnalyzer
{
    DiagnosisKind Kind { get; }

    /// <summary>False when the input lacks what the check needs (a second frame, a reference image).</summary>
    bool CanAnalyze(AnalysisContext context);

    /// <summary>Scores the frame set; <paramref name="threshold"/> is the score a detection needs (see <see cref="Sensitivity"/>).</summary>
    AnalyzerFinding Analyze(AnalysisContext context, double threshold);
}
