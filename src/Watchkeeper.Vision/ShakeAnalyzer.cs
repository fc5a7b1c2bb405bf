using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision;

/// <summary>
/// Shake (画面抖动): the whole picture moves between consecutive frames. Corners are tracked from each frame to the next
/// with pyramidal Lucas-Kanade optical flow and a similarity transform is fitted to them with RANSAC, so walkers and
/// cars, which move only their own corners, fall out as outliers and only a motion of the whole view remains. A pair
/// the tracker loses (a jump of more than about 60 working-copy pixels) is matched by ORB features instead. The raw
/// measure is the mean, over the pairs, of the displacement of a 5x5 grid of points, as a share of the frame width.
/// </summary>
public sealed class ShakeAnalyzer : IFrameAnalyzer
{
    /// <summary>
    /// Mean displacement between consecutive frames at the decision point, as a share of the frame width: 0.5 %, about
    /// 3 pixels at 640. A steady camera over a busy street measures below 0.05 %.
    /// </summary>
    private const double DisplacementDecision = 0.005;

    private const double Steepness = 3;

    public DiagnosisKind Kind => DiagnosisKind.Shake;

    public bool CanAnalyze(AnalysisContext context) => context.Input.Frames.Count >= 2;

    public AnalyzerFinding Analyze(AnalysisContext context, double threshold)
    {
        var gray = context.SmallGray;
        var width = (double)gray[0].Width;
        var shares = new List<double>(gray.Count - 1);
        for (var i = 0; i + 1 < gray.Count; i++)
        {
            var motion = ViewAlignment.Track(gray[i], gray[i + 1]);
            if (!motion.Found)
            {
                motion = ViewAlignment.MatchFeatures(gray[i], gray[i + 1]).Motion;
            }

            if (motion.Found)
            {
                shares.Add(motion.Displacement / width);
            }
        }

        if (shares.Count == 0)
        {
            return new AnalyzerFinding(Kind, false, 0, null,
                $"not measurable: no global transform found between any of the {gray.Count - 1} consecutive pairs");
        }

        var mean = shares.Average();
        var score = DecisionCurve.Rising(mean, DisplacementDecision, Steepness);
        var detected = score >= threshold;
        var detail = $"mean global motion {mean:P2} of the width per frame, largest {shares.Max():P2} " +
            $"(decision {DisplacementDecision:P1}), {shares.Count} of {gray.Count - 1} pairs measured";
        return new AnalyzerFinding(Kind, detected, score, detected ? context.WholeFrame : null, detail);
    }
}
