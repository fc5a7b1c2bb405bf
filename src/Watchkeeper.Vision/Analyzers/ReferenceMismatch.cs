using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>
/// How far the current view is from the reference view, shared by <see cref="SceneChangeAnalyzer"/> and
/// <see cref="PtzDriftAnalyzer"/>. ORB features of the reference and of the latest frame are matched and a similarity
/// transform is fitted with RANSAC, so people and cars that differ between the two pictures fall out as outliers.
/// Local contrast equalisation keeps a darker or brighter hour comparable. The raw measure is the mean displacement
/// of a 5x5 grid of points under that transform, as a share of the frame width. When no transform is shared by enough
/// features the view has been replaced.
/// </summary>
internal static class ReferenceMismatch
{
    /// <summary>
    /// Mean displacement at the decision point, as a share of the frame width: 2 %, about a 13-pixel pan at 640 pixels,
    /// a 2.7° rotation or a 5 % zoom. The same view in other light and with other walkers measures below 0.1 %.
    /// </summary>
    public const double DisplacementDecision = 0.02;

    /// <summary>
    /// Minimum ORB features each picture needs before it is compared. A black, covered or washed-out picture has
    /// fewer, so it is left to the signal loss, occlusion and exposure checks instead of being called a different view.
    /// </summary>
    public const int MinFeatures = 100;

    /// <summary>Displacements up to this share score 0, twice the decision point scores 1.</summary>
    private const double SameView = 0.005;

    /// <summary>Scores the mismatch between the reference and the latest frame; the caller checks that a reference exists.</summary>
    public static AnalyzerFinding Measure(AnalysisContext context, DiagnosisKind kind, double threshold, string referenceName)
    {
        var reference = context.SmallReferenceGray ?? throw new InvalidOperationException("the frame set has no reference");
        var current = context.SmallGray[^1];
        var match = ViewAlignment.MatchFeatures(reference, current);
        if (match.FromFeatures < MinFeatures || match.ToFeatures < MinFeatures)
        {
            return new AnalyzerFinding(
                kind, false, 0, null,
                $"too little detail to compare: {match.FromFeatures} features in the {referenceName}, {match.ToFeatures} in the frame (need {MinFeatures})");
        }

        var motion = match.Motion;
        double score;
        string detail;
        if (motion.Found)
        {
            var share = motion.Displacement / current.Width;
            score = ScoreScale.Map(share, SameView, DisplacementDecision, 2 * DisplacementDecision);
            detail = $"view moved {share:P1} of the width from the {referenceName} (decision {DisplacementDecision:P0}): {motion}";
        }
        else
        {
            // Below MinInliers agreeing features the two pictures share no geometry, and the fewer agree, the surer.
            // NOTE: the score steps from about 0.5 to 0 at MinInliers, so a view that shares just that many features
            // with the reference (a half-replaced view) is judged by its displacement alone.
            score = 1 - 0.5 * motion.Inliers / ViewAlignment.MinInliers;
            detail = $"view replaced: no transform maps the {referenceName} onto the frame, {motion.Inliers}/{motion.Points} matched features agree (need {ViewAlignment.MinInliers})";
        }

        var detected = score >= threshold;
        return new AnalyzerFinding(kind, detected, score, detected ? context.WholeFrame : null, detail);
    }
}
