using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>
/// Colour cast (偏色): how far the picture's most neutral pixels sit from grey. A cast moves every colour, so even
/// the greyest tenth of the pixels (roads, walls, clouds) carries it, while a colourful but balanced scene still has
/// near-grey pixels. Measured in CIELAB as the chroma of the mean a*b* of the least chromatic tenth of the
/// mid-tone pixels. Monochrome (infrared) pictures have none.
/// </summary>
public sealed class ColorCastAnalyzer : SingleFrameAnalyzer
{
    private const int MaxSquaredChroma = 2 * 128 * 128;

    public override DiagnosisKind Kind => DiagnosisKind.ColorCast;

    internal override Measurement Measure(AnalysisContext context)
    {
        var (cast, a, b, counted) = NeutralCast(context.LatestThumbnail);
        if (counted == 0)
        {
            return new Measurement(0, null, "no mid-tone pixels to judge the colour balance");
        }

        var score = ScoreScale.Map(cast, 6, 12, 25);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"neutral pixels off grey by chroma {cast:F1} (a* {a:F1}, b* {b:F1}; colour cast from 12)");
        return new Measurement(score, null, detail);
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

    private static bool IsMidTone(Vec3b lab) => lab.Item0 is >= 40 and <= 235;

    private static int SquaredChroma(Vec3b lab)
    {
        var a = lab.Item1 - 128;
        var b = lab.Item2 - 128;
        return a * a + b * b;
    }
}
