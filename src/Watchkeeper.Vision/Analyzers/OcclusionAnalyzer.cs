using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>
/// Occlusion (遮挡): part of the lens covered by something close to it (a hand, tape, a leaf, a bag). Such an object
/// is far out of focus, so it shows as a large, dark, textureless area attached to the frame's edge. The picture is cut
/// into 8x8 blocks; blocks darker than <see cref="DarkLevel"/> with a standard deviation under
/// <see cref="TextureLevel"/> are candidates, and the measure is the share of the frame taken by the largest connected
/// group of candidates that touches the edge. Sky and walls are bright or carry texture, so they rarely qualify.
/// </summary>
public sealed class OcclusionAnalyzer : SingleFrameAnalyzer
{
    internal const int Block = 8;

    internal const double DarkLevel = 75;

    internal const double TextureLevel = 4;

    /// <summary>The luma step, in grey levels, the area needs against its surroundings to be told apart from them.</summary>
    private const double MinimumContrast = 10;

    public override DiagnosisKind Kind => DiagnosisKind.Occlusion;

    internal override Measurement Measure(AnalysisContext context)
    {
        var cover = LargestCover(LatestGray(context));
        var edgeScore = cover.Contrast < MinimumContrast ? 0 : ScoreScale.Map(cover.Slope, 0.06, 0.033, 0.0);
        var score = Math.Min(ScoreScale.Map(cover.Share, 0.03, 0.08, 0.25), edgeScore);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"dark textureless area at the edge covers {cover.Share:P1} of the frame, edge contrast {cover.Contrast:F0} levels, rim slope {cover.Slope:F3} of the contrast per pixel (occlusion from 8 % with a contrast of 10 and a slope under 0.033)");
        return new Measurement(score, cover.Region, detail);
    }

    /// <summary>
    /// The largest dark flat area touching the frame's edge: its share of the frame, its bounding box, the contrast
    /// across its boundary and the slope of its rim (see <see cref="Boundary"/>).
    /// </summary>
    internal static Cover LargestCover(Mat gray)
    {
        var columns = gray.Width / Block;
        var rows = gray.Height / Block;
        if (columns < 3 || rows < 3)
        {
            return Cover.None;
        }

        using var cropped = gray[new Rect(0, 0, columns * Block, rows * Block)];
        using var values = new Mat();
        cropped.ConvertTo(values, MatType.CV_32F);
        using var mean = BlockMeans(values, columns, rows);
        using var squares = values.Mul(values).ToMat();
        using var meanSquare = BlockMeans(squares, columns, rows);
        using var variance = (meanSquare - mean.Mul(mean)).ToMat();

        using var dark = mean.LessThan(DarkLevel);
        using var flat = variance.LessThan(TextureLevel * TextureLevel);
        using var candidates = new Mat();
        Cv2.BitwiseAnd(dark, flat, candidates);
        using var closeKernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3));
        Cv2.MorphologyEx(candidates, candidates, MorphTypes.Close, closeKernel);

        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var count = Cv2.ConnectedComponentsWithStats(candidates, labels, stats, centroids, PixelConnectivity.Connectivity8);
        var (bestLabel, bestArea, bestBox) = (0, 0, default(Rect));
        for (var label = 1; label < count; label++)
        {
            var box = new Rect(
                stats.At<int>(label, (int)ConnectedComponentsTypes.Left), stats.At<int>(label, (int)ConnectedComponentsTypes.Top),
                stats.At<int>(label, (int)ConnectedComponentsTypes.Width), stats.At<int>(label, (int)ConnectedComponentsTypes.Height));
            var area = stats.At<int>(label, (int)ConnectedComponentsTypes.Area);
            var touchesEdge = box.X == 0 || box.Y == 0 || box.Right == columns || box.Bottom == rows;
            if (touchesEdge && area > bestArea)
            {
                (bestLabel, bestArea, bestBox) = (label, area, box);
            }
        }

        if (bestLabel == 0)
        {
            return Cover.None;
        }

        using var component = new Mat();
        Cv2.Compare(labels, Scalar.All(bestLabel), component, CmpTypes.EQ);
        var (contrast, slope) = Boundary(cropped, mean, component, closeKernel);
        var region = new Rect(bestBox.X * Block, bestBox.Y * Block, bestBox.Width * Block, bestBox.Height * Block);
        return new Cover(bestArea / (double)(columns * rows), region, contrast, slope);
    }

    /// <summary>
    /// The luma step across the area's boundary and the mean luma gradient in the area's rim blocks over that step.
    /// An object on the lens is far out of focus, so its boundary is a slow ramp and the figure stays low (0.015–0.045
    /// on the corpus); the sharp edge of a dark area in focus, such as a lawn at night, spills a steep gradient into
    /// the rim (0.03–0.2). The two ranges overlap, which is why this check is the weakest.
    /// </summary>
    private static (double Contrast, double Slope) Boundary(Mat gray, Mat blockMeans, Mat component, Mat kernel)
    {
        using var dilated = component.Dilate(kernel);
        using var eroded = component.Erode(kernel);
        using var outerRing = new Mat();
        Cv2.Subtract(dilated, component, outerRing);
        using var rim = new Mat();
        Cv2.Subtract(component, eroded, rim);
        if (Cv2.CountNonZero(outerRing) == 0 || Cv2.CountNonZero(rim) == 0)
        {
            return (0, 0);
        }

        var contrast = Cv2.Mean(blockMeans, outerRing).Val0 - Cv2.Mean(blockMeans, component).Val0;

        // Smoothed first, so that sensor noise does not count as a slope.
        using var smooth = gray.GaussianBlur(new Size(7, 7), 0);
        using var dx = smooth.Sobel(MatType.CV_32F, 1, 0, ksize: 3, scale: 0.125);
        using var dy = smooth.Sobel(MatType.CV_32F, 0, 1, ksize: 3, scale: 0.125);
        using var magnitude = new Mat();
        Cv2.Magnitude(dx, dy, magnitude);
        using var perBlock = BlockMeans(magnitude, component.Width, component.Height);
        var slope = Cv2.Mean(perBlock, rim).Val0;
        return (contrast, contrast > 1 ? slope / contrast : 0);
    }

    private static Mat BlockMeans(Mat values, int columns, int rows)
    {
        var means = new Mat();
        Cv2.Resize(values, means, new Size(columns, rows), 0, 0, InterpolationFlags.Area);
        return means;
    }

    /// <summary>The largest dark flat area at the frame's edge; <see cref="Region"/> in working-copy pixels.</summary>
    internal readonly record struct Cover(double Share, Rect? Region, double Contrast, double Slope)
    {
        public static Cover None => new(0, null, 0, 0);
    }
}
