using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision;

/// <summary>A rectangle of the analysed frame, in the pixels of the frame as it was given (not of a downscaled copy).</summary>
public sealed record FindingRegion(int X, int Y, int Width, int Height)
{
    public static FindingRegion Whole(int width, int height) => new(0, 0, width, height);
}

/// <summary>What one analyzer concluded about one frame set.</summary>
/// <param name="Kind">The check.</param>
/// <param name="Detected">True when <paramref name="Score"/> reached the threshold of the sensitivity in use.</param>
/// <param name="Score">
/// The analyzer's confidence that the fault is present, from 0 to 1. Each analyzer maps its raw measure so that its
/// calibrated decision point is 0.5, the threshold of the default sensitivity 5.
/// </param>
/// <param name="Region">Where the problem shows; null when nothing was detected or the problem has no place.</param>
/// <param name="Detail">The raw measure for engineers, e.g. "Laplacian variance 12.4 (sharp reference 180)".</param>
public sealed record AnalyzerFinding(DiagnosisKind Kind, bool Detected, double Score, FindingRegion? Region, string Detail);
