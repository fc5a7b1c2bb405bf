using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>
/// Blur and defocus (模糊), by re-blurring (Crété-Roffet et al., "The blur effect: perception and estimation with a
/// new no-reference perceptual blur metric", SPIE 6492, 2007): a sharp picture loses much of its neighbour-to-neighbour
/// variation when blurred again, a blurred one little. The measure is the larger of the horizontal and vertical
/// blur values, 0 (sharp) to 1; it depends on edges, not on contrast, and flat areas do not count.
/// </summary>
public sealed class BlurAnalyzer : SingleFrameAnalyzer
{
    /// <summary>Below this summed variation (per pixel, grey levels) the picture has no edges to judge.</summary>
    private const double MinimumVariation = 0.5;

    /// <summary>The length of the re-blurring box filter, in working-copy pixels.</summary>
    private const int Window = 9;

    public override DiagnosisKind Kind => DiagnosisKind.Blur;

    internal override Measurement Measure(AnalysisContext context)
    {
        var (blur, variation) = BlurValue(LatestGray(context));
        if (variation < MinimumVariation)
        {
            return new Measurement(0, null, string.Create(CultureInfo.InvariantCulture, $"no edges to judge (mean variation {variation:F2} levels)"));
        }

        var score = ScoreScale.Map(blur, 0.35, 0.52, 0.7);
        return new Measurement(score, null, string.Create(CultureInfo.InvariantCulture, $"re-blur measure {blur:F3} (0 sharp, 1 flat; blurred from 0.52)"));
    }

    /// <summary>The blur value and the mean absolute neighbour difference it was computed from.</summary>
    internal static (double Blur, double Variation) BlurValue(Mat gray)
    {
        // Exact integer arithmetic on 16 bits: the box filter's sums stand for 9 times the blurred values, so the
        // original differences are scaled by 9 as well.
        using var image = new Mat();
        gray.ConvertTo(image, MatType.CV_16U, Window);
        var (vertical, variationV) = Direction(gray, image, new Size(1, Window), dx: 0, dy: 1);
        var (horizontal, variationH) = Direction(gray, image, new Size(Window, 1), dx: 1, dy: 0);
        return (Math.Max(vertical, horizontal), (variationV + variationH) / 2);
    }

    private static (double Blur, double Variation) Direction(Mat gray, Mat scaled, Size kernel, int dx, int dy)
    {
        var inner = new Rect(dx, dy, gray.Width - dx, gray.Height - dy);
        var previous = new Rect(0, 0, gray.Width - dx, gray.Height - dy);
        if (inner.Width <= 0 || inner.Height <= 0)
        {
            return (0, 0);
        }

        using var sums = new Mat();
        Cv2.BoxFilter(gray, sums, MatType.CV_16U, kernel, normalize: false);
        using var differenceF = new Mat();
        using var differenceB = new Mat();
        Cv2.Absdiff(scaled[inner], scaled[previous], differenceF);
        Cv2.Absdiff(sums[inner], sums[previous], differenceB);

        // Unsigned subtraction saturates at 0, which is the max(·, 0) of the method.
        using var lost = new Mat();
        Cv2.Subtract(differenceF, differenceB, lost);

        var sumF = Cv2.Sum(differenceF).Val0;
        var sumLost = Cv2.Sum(lost).Val0;
        var variation = sumF / Window / (inner.Width * (double)inner.Height);
        return sumF <= 0 ? (0, 0) : ((sumF - sumLost) / sumF, variation);
    }
}
