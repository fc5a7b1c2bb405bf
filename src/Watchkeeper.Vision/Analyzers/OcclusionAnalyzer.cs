using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>
/// Occlusion (遮挡): part of the lens covered by something close to it (a hand, tape, a leaf, a bag). Such an object
/// is far out of focus, so it shows as a large, dark area attached to the frame's edge that carries no texture at all
/// beyond sensor noise, while dark parts of a scene in focus (a lawn, a doorway, a night sky with clouds) keep some.
/// The picture is cut into 8x8 blocks. A block is a candidate when it is darker than <see cref="DarkLevel"/>, its
/// standard deviation is under <see cref="FlatLevel"/>, and its texture (the mean luma gradient of the picture reduced
/// to a quarter by a Gaussian pyramid, so that pixel noise does not count) is under <see cref="TextureLevel"/>. The measure is
/// the largest connected group of candidates touching the edge: its share of the frame and its mean texture.
/// </summary>
public sealed class OcclusionAnalyzer : SingleFrameAnalyzer
{
    internal const int Block = 8;

    internal const double DarkLevel = 75;

    internal const double FlatLevel = 6;

    /// <summary>Grey levels per working-copy pixel, on the quarter-size picture. An out-of-focus cover measures 0.03–0.1.</summary>
    internal const double TextureLevel = 0.2;

    public override DiagnosisKind Kind => DiagnosisKind.Occlusion;

    internal override Measurement Measure(AnalysisContext context)
    {
        var cover = LargestCover(LatestGray(context));
        var score = Math.Min(ScoreScale.Map(cover.Share, 0.03, 0.09, 0.25), ScoreScale.Map(cover.Texture, 0.2, 0.11, 0.03));
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"textureless dark area at the edge covers {cover.Share:P1} of the frame, texture {cover.Texture:F2} levels per pixel (occlusion from 9 % with a texture under 0.11)");
        return new Measurement(score, cover.Region, detail);
    }

    /// <summary>The largest dark textureless area touching the frame's edge: its share of the frame, bounding box and texture.</summary>
    internal static Cover LargestCover(Mat gray)
    {
        var columns = gray.Width / Block;
        var rows = gray.Height / Block;
        if (columns < 3 || rows < 3)
        {
            return Cover.None;
        }

        using var cropped = gray[new Rect(0, 0, columns * Block, rows * Block)];
        using var candidates = Candidates(cropped, columns, rows, out var texture);
        using (texture)
        {
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
            var meanTexture = Cv2.Mean(texture, component).Val0;
            var region = new Rect(bestBox.X * Block, bestBox.Y * Block, bestBox.Width * Block, bestBox.Height * Block);
            return new Cover(bestArea / (double)(columns * rows), region, meanTexture);
        }
    }

    /// <summary>The candidate blocks (255) of a picture cropped to whole blocks, and every block's texture.</summary>
    private static Mat Candidates(Mat cropped, int columns, int rows, out Mat texture)
    {
        var blocks = new Size(columns, rows);
        using var values = new Mat();
        cropped.ConvertTo(values, MatType.CV_32F);
        using var mean = values.Resize(blocks, 0, 0, InterpolationFlags.Area);
        Cv2.Multiply(values, values, values);
        using var meanSquare = values.Resize(blocks, 0, 0, InterpolationFlags.Area);
        using var variance = new Mat();
        using (var squaredMean = mean.Mul(mean).ToMat())
        {
            Cv2.Subtract(meanSquare, squaredMean, variance);
        }

        texture = Texture(cropped, blocks);
        using var dark = mean.LessThan(DarkLevel);
        using var flat = variance.LessThan(FlatLevel * FlatLevel);
        using var smooth = texture.LessThan(TextureLevel);
        var candidates = new Mat();
        Cv2.BitwiseAnd(dark, flat, candidates);
        Cv2.BitwiseAnd(candidates, smooth, candidates);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size(3, 3));
        Cv2.MorphologyEx(candidates, candidates, MorphTypes.Close, kernel);
        return candidates;
    }

    /// <summary>
    /// Per block, the mean gradient magnitude of the picture reduced to a quarter with two Gaussian pyramid steps, in
    /// grey levels per working-copy pixel. The reduction removes pixel noise, while texture and edges of a scene in focus remain.
    /// </summary>
    private static Mat Texture(Mat cropped, Size blocks)
    {
        using var quarter = new Mat();
        Cv2.PyrDown(cropped, quarter);
        Cv2.PyrDown(quarter, quarter);
        using var quarterValues = new Mat();
        quarter.ConvertTo(quarterValues, MatType.CV_32F);
        using var dx = new Mat();
        using var dy = new Mat();
        Cv2.Sobel(quarterValues, dx, MatType.CV_32F, 1, 0, 3, 1.0 / 32);
        Cv2.Sobel(quarterValues, dy, MatType.CV_32F, 0, 1, 3, 1.0 / 32);
        Cv2.Magnitude(dx, dy, dx);
        return dx.Resize(blocks, 0, 0, InterpolationFlags.Area);
    }

    /// <summary>The largest dark textureless area at the frame's edge. <see cref="Region"/> is in working-copy pixels.</summary>
    internal readonly record struct Cover(double Share, Rect? Region, double Texture)
    {
        public static Cover None => new(0, null, 0);
    }
}
