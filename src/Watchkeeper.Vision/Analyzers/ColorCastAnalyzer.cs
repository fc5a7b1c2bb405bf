using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>
/// Colour cast (偏色): the whole picture shifted towards one colour. Two estimates of the light's colour are taken in
/// CIELAB a*b*. The first is the mean of the least chromatic tenth of the mid-tone pixels: roads, walls and clouds carry
/// a cast, while a balanced scene still has near-grey pixels. The second is the colour of the edges, the mean
/// gradient per channel, which a cast scales like the pixels themselves (the grey-edge hypothesis of van de Weijer,
/// Gevers and Gijsenij, "Edge-Based Color Constancy", IEEE Trans. Image Processing 16(9), 2007: the average edge
/// difference in a scene is achromatic). Each estimate is divided by the level at which it alone reads as a cast and
/// capped, and the measure is the length of their mean vector. A cast moves both the same way. A colourful scene moves
/// one of them, or both in different directions: the neutral pixels of a tinted scene (a warm street, a blue sky), or
/// the edges between coloured objects (fruit on a blue cloth). Monochrome (infrared) pictures have none.
/// </summary>
public sealed class ColorCastAnalyzer : SingleFrameAnalyzer
{
    private const int MaxSquaredChroma = 2 * 128 * 128;

    /// <summary>Chroma of the neutral pixels' mean a*b* that alone reads as a cast.</summary>
    private const double NeutralCastChroma = 12;

    /// <summary>Chroma of the edge colour that alone reads as a cast.</summary>
    private const double EdgeCastChroma = 24;

    /// <summary>The cap on each estimate (in units of its cast level), so a single strong estimate cannot decide alone.</summary>
    private const double EstimateCap = 1.2;

    /// <summary>Pixels with a channel at this level or above are clipped and give no edge colour.</summary>
    private const int ClippedLevel = 250;

    /// <summary>Pixels whose channels sum to less than this are nearly black, mostly noise, and give no edge colour.</summary>
    private const int BlackSum = 15;

    public override DiagnosisKind Kind => DiagnosisKind.ColorCast;

    internal override Measurement Measure(AnalysisContext context)
    {
        var thumbnail = context.LatestThumbnail;
        var (neutral, neutralA, neutralB, counted) = NeutralCast(thumbnail);
        if (counted == 0)
        {
            return new Measurement(0, null, "no mid-tone pixels to judge the colour balance");
        }

        var (edgeA, edgeB) = EdgeColor(thumbnail);
        var edge = Math.Sqrt(edgeA * edgeA + edgeB * edgeB);
        var cast = Combine(neutralA, neutralB, edgeA, edgeB);

        var score = ScoreScale.Map(cast, 0.35, 0.7, 1.1);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"cast {cast:F2} (colour cast from 0.70): neutral pixels off grey by chroma {neutral:F1} (a* {neutralA:F1}, b* {neutralB:F1}), edges by chroma {edge:F1} (a* {edgeA:F1}, b* {edgeB:F1})");
        return new Measurement(score, null, detail);
    }

    /// <summary>
    /// The length of the mean of the two a*b* estimates, each divided by its cast level and capped at
    /// <see cref="EstimateCap"/>: about 1 for a cast both show, at most 0.6 when one of them is grey, and less the
    /// further apart their directions are.
    /// </summary>
    internal static double Combine(double neutralA, double neutralB, double edgeA, double edgeB)
    {
        var (na, nb) = Capped(neutralA / NeutralCastChroma, neutralB / NeutralCastChroma);
        var (ea, eb) = Capped(edgeA / EdgeCastChroma, edgeB / EdgeCastChroma);
        var (meanA, meanB) = ((na + ea) / 2, (nb + eb) / 2);
        return Math.Sqrt(meanA * meanA + meanB * meanB);
    }

    /// <summary>
    /// The CIELAB a*b* of the edge colour: the mean gradient magnitude of each channel (forward differences, where the
    /// pixel and its right and lower neighbours are neither clipped nor black), scaled to a mid-grey level.
    /// </summary>
    internal static (double A, double B) EdgeColor(Mat thumbnail)
    {
        var (width, height) = (thumbnail.Width, thumbnail.Height);
        if (width < 2 || height < 2)
        {
            return (0, 0);
        }

        var current = new Rect(0, 0, width - 1, height - 1);
        var right = new Rect(1, 0, width - 1, height - 1);
        var below = new Rect(0, 1, width - 1, height - 1);
        using var usable = UsablePixels(thumbnail);
        using var mask = new Mat();
        Cv2.BitwiseAnd(usable[current], usable[right], mask);
        Cv2.BitwiseAnd(mask, usable[below], mask);
        if (Cv2.CountNonZero(mask) == 0)
        {
            return (0, 0);
        }

        using var wide = new Mat();
        thumbnail.ConvertTo(wide, MatType.CV_32FC3);
        using var dx = new Mat();
        using var dy = new Mat();
        Cv2.Subtract(wide[right], wide[current], dx);
        Cv2.Subtract(wide[below], wide[current], dy);
        Cv2.Multiply(dx, dx, dx);
        Cv2.Multiply(dy, dy, dy);
        Cv2.Add(dx, dy, dx);
        Cv2.Sqrt(dx, dx);
        var sums = Cv2.Mean(dx, mask);

        var mean = (sums.Val0 + sums.Val1 + sums.Val2) / 3;
        if (mean <= 0)
        {
            return (0, 0);
        }

        // Float BGR (1 is white) converts to L* 0..100 and signed a*, b*. The colour is scaled to a mean of 0.5.
        using var color = new Mat(1, 1, MatType.CV_32FC3, new Scalar(0.5 * sums.Val0 / mean, 0.5 * sums.Val1 / mean, 0.5 * sums.Val2 / mean));
        using var lab = color.CvtColor(ColorConversionCodes.BGR2Lab);
        var value = lab.Get<Vec3f>(0, 0);
        return (value.Item1, value.Item2);
    }

    /// <summary>A mask of the pixels that show edge colour: no channel clipped, and not nearly black.</summary>
    private static Mat UsablePixels(Mat thumbnail)
    {
        var usable = new Mat();
        Cv2.InRange(thumbnail, Scalar.All(0), Scalar.All(ClippedLevel - 1), usable);

        // The channel sum saturates at 255, which is far above the black limit.
        using var sum = new Mat();
        using var ones = Mat.FromPixelData(1, 3, MatType.CV_32F, new float[] { 1, 1, 1 });
        Cv2.Transform(thumbnail, sum, ones);
        using var lit = new Mat();
        Cv2.Threshold(sum, lit, BlackSum - 1, 255, ThresholdTypes.Binary);
        Cv2.BitwiseAnd(usable, lit, usable);
        return usable;
    }

    /// <summary>The chroma of the mean a*b* of the least chromatic tenth of a thumbnail's mid-tone pixels, and that mean.</summary>
    internal static (double Cast, double A, double B, int Counted) NeutralCast(Mat thumbnail)
    {
        using var lab = thumbnail.CvtColor(ColorConversionCodes.BGR2Lab);
        lab.GetArray(out Vec3b[] pixels);

        // 8-bit Lab: L is scaled to 0-255, a* and b* are offset by 128. Pixels are ranked by squared chroma, an
        // integer, with a counting pass instead of a sort.
        var counts = new int[MaxSquaredChroma + 1];
        var midTones = 0;
        foreach (var pixel in pixels)
        {
            if (IsMidTone(pixel))
            {
                counts[SquaredChroma(pixel)]++;
                midTones++;
            }
        }

        if (midTones == 0)
        {
            return (0, 0, 0, 0);
        }

        var take = Math.Max(1, midTones / 10);
        var (limit, running) = (0, 0);
        while (running + counts[limit] < take)
        {
            running += counts[limit++];
        }

        // Every pixel under the limit counts, and as many at the limit as fill the tenth, in picture order.
        var atLimit = take - running;
        long sumA = 0, sumB = 0;
        foreach (var pixel in pixels)
        {
            if (!IsMidTone(pixel))
            {
                continue;
            }

            var squared = SquaredChroma(pixel);
            if (squared < limit || (squared == limit && atLimit-- > 0))
            {
                sumA += pixel.Item1 - 128;
                sumB += pixel.Item2 - 128;
            }
        }

        var meanA = sumA / (double)take;
        var meanB = sumB / (double)take;
        return (Math.Sqrt(meanA * meanA + meanB * meanB), meanA, meanB, take);
    }

    private static (double A, double B) Capped(double a, double b)
    {
        var length = Math.Sqrt(a * a + b * b);
        return length <= EstimateCap ? (a, b) : (a / length * EstimateCap, b / length * EstimateCap);
    }

    private static bool IsMidTone(Vec3b lab) => lab.Item0 is >= 40 and <= 235;

    private static int SquaredChroma(Vec3b lab)
    {
        var a = lab.Item1 - 128;
        var b = lab.Item2 - 128;
        return a * a + b * b;
    }
}
