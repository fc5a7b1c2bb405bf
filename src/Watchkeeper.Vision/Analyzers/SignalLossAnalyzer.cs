using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>
/// Signal loss (信号缺失): a black, blue or other single-colour screen, with or without the recorder's "no video"
/// text. Measures the share of the picture within <see cref="Tolerance"/> grey levels (per channel) of its dominant
/// colour, after a small blur that removes the video path's noise. On-screen text and a clock cover a few percent,
/// while a real scene, even at night, spreads over many levels.
/// </summary>
public sealed class SignalLossAnalyzer : SingleFrameAnalyzer
{
    internal const int Tolerance = 4;

    /// <summary>A dominant colour this bright is a washed-out picture, left to the overexposure check.</summary>
    private const double WhiteLuma = 235;

    public override DiagnosisKind Kind => DiagnosisKind.SignalLoss;

    internal override Measurement Measure(AnalysisContext context)
    {
        var (share, color) = DominantShare(context.LatestThumbnail);
        var luma = 0.114 * color.Item0 + 0.587 * color.Item1 + 0.299 * color.Item2;
        if (luma >= WhiteLuma)
        {
            return new Measurement(0, null, string.Create(CultureInfo.InvariantCulture,
                $"{share:P1} of the picture is white (luma {luma:F0}): a white picture is overexposure, not signal loss"));
        }

        var score = ScoreScale.Map(share, 0.6, 0.86, 1.0);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{share:P1} of the picture within {Tolerance} levels of one colour BGR({color.Item0},{color.Item1},{color.Item2}) (signal loss from 86 %)");
        return new Measurement(score, null, detail);
    }

    /// <summary>The share of pixels of a thumbnail near its per-channel median colour, and that colour.</summary>
    internal static (double Share, Vec3b Color) DominantShare(Mat thumbnail)
    {
        using var sample = thumbnail.Blur(new Size(3, 3));

        var channels = sample.Split();
        try
        {
            var median = new byte[3];
            using var near = new Mat(sample.Size(), MatType.CV_8UC1, Scalar.All(255));
            for (var c = 0; c < 3; c++)
            {
                median[c] = (byte)new LumaHistogram(channels[c]).Percentile(0.5);
                using var difference = new Mat();
                Cv2.Absdiff(channels[c], Scalar.All(median[c]), difference);
                using var within = difference.LessThanOrEqual(Tolerance);
                Cv2.BitwiseAnd(near, within, near);
            }

            var share = Cv2.CountNonZero(near) / (double)(sample.Width * sample.Height);
            return (share, new Vec3b(median[0], median[1], median[2]));
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }
}
