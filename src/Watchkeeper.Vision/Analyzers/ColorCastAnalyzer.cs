using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>
/// Colour cast (偏色): how far the picture's most neutral pixels sit from grey. A cast moves every colour, so even
/// the greyest quarter of the pixels (roads, walls, clouds) carries it, while a colourful but balanced scene still has
/// near-grey pixels. Measured in CIELAB as the chroma of the mean a*b* of the least chromatic quarter of the
/// mid-tone pixels. Monochrome (infrared) pictures have none.
/// </summary>
public sealed class ColorCastAnalyzer : SingleFrameAnalyzer
{
    private const int SampleWidth = 160;

    public override DiagnosisKind Kind => DiagnosisKind.ColorCast;

    internal override Measurement Measure(AnalysisContext context)
    {
        var (cast, a, b, counted) = NeutralCast(LatestColor(context));
        if (counted == 0)
        {
            return new Measurement(0, null, "no mid-tone pixels to judge the colour balance");
        }

        var score = ScoreScale.Map(cast, 6, 12, 25);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"neutral pixels off grey by chroma {cast:F1} (a* {a:F1}, b* {b:F1}; colour cast from 12)");
        return new Measurement(score, null, detail);
    }

    /// <summary>The chroma of the mean a*b* of the least chromatic quarter of mid-tone pixels, and that mean.</summary>
    internal static (double Cast, double A, double B, int Counted) NeutralCast(Mat frame)
    {
        var height = Math.Max(1, frame.Height * SampleWidth / Math.Max(1, frame.Width));
        using var sample = frame.Width > SampleWidth ? frame.Resize(new Size(SampleWidth, height), 0, 0, InterpolationFlags.Area) : frame.Clone();
        using var lab = sample.CvtColor(ColorConversionCodes.BGR2Lab);
        lab.GetArray(out Vec3b[] pixels);

        // 8-bit Lab: L is scaled to 0-255, a* and b* are offset by 128.
        var candidates = new List<(double Chroma, int A, int B)>(pixels.Length);
        foreach (var pixel in pixels)
        {
            if (pixel.Item0 is < 40 or > 235)
            {
                continue;
            }

            var a = pixel.Item1 - 128;
            var b = pixel.Item2 - 128;
            candidates.Add((Math.Sqrt(a * a + b * b), a, b));
        }

        if (candidates.Count == 0)
        {
            return (0, 0, 0, 0);
        }

        candidates.Sort((x, y) => x.Chroma.CompareTo(y.Chroma));
        var take = Math.Max(1, candidates.Count / 10);
        var meanA = candidates.Take(take).Average(c => c.A);
        var meanB = candidates.Take(take).Average(c => c.B);
        return (Math.Sqrt(meanA * meanA + meanB * meanB), meanA, meanB, take);
    }
}
