using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>What a single-frame check measured: the score (0.5 at the calibrated decision point), where, and the raw figure.</summary>
/// <param name="Region">The place of the problem in working-copy pixels; null for the whole frame.</param>
internal readonly record struct Measurement(double Score, Rect? Region, string Detail);

/// <summary>
/// A check that looks at one picture: the latest frame of the set (the camera's current state), on the downscaled
/// working copy. Stateless.
/// </summary>
public abstract class SingleFrameAnalyzer : IFrameAnalyzer
{
    public abstract DiagnosisKind Kind { get; }

    public bool CanAnalyze(AnalysisContext context) => context.Input.Frames.Count > 0;

    public AnalyzerFinding Analyze(AnalysisContext context, double threshold)
    {
        var measurement = Measure(context);
        var score = Math.Round(Math.Clamp(measurement.Score, 0, 1), 3);
        var detected = score >= threshold;
        var region = !detected ? null : measurement.Region is { } rect ? context.ToOriginal(rect) : context.WholeFrame;
        return new AnalyzerFinding(Kind, detected, score, region, measurement.Detail);
    }

    internal abstract Measurement Measure(AnalysisContext context);

    internal static Mat LatestGray(AnalysisContext context) => context.SmallGray[^1];

    internal static Mat LatestColor(AnalysisContext context) => context.Small[^1];
}

/// <summary>Maps a raw measure to a score so that the calibrated decision point lands on 0.5.</summary>
internal static class ScoreScale
{
    /// <summary>
    /// Piecewise linear: 0 at <paramref name="zeroAt"/>, 0.5 at <paramref name="decisionAt"/>, 1 at
    /// <paramref name="oneAt"/>, clamped outside. Works for measures that grow with the fault and for measures that
    /// shrink with it (then zeroAt &gt; decisionAt &gt; oneAt).
    /// </summary>
    public static double Map(double value, double zeroAt, double decisionAt, double oneAt)
    {
        var rising = oneAt > zeroAt;
        var (low, middle, high) = rising ? (zeroAt, decisionAt, oneAt) : (-zeroAt, -decisionAt, -oneAt);
        var x = rising ? value : -value;
        if (double.IsNaN(x) || x <= low)
        {
            return 0;
        }

        if (x >= high)
        {
            return 1;
        }

        return x < middle ? 0.5 * (x - low) / (middle - low) : 0.5 + 0.5 * (x - middle) / (high - middle);
    }
}

/// <summary>The grey-level histogram of a picture, for percentiles and shares.</summary>
internal sealed class LumaHistogram
{
    private readonly double[] _counts = new double[256];

    public LumaHistogram(Mat gray)
    {
        using var hist = new Mat();
        Cv2.CalcHist([gray], [0], null, hist, 1, [256], [new Rangef(0, 256)]);
        hist.GetArray(out float[] counts);
        for (var i = 0; i < 256; i++)
        {
            _counts[i] = counts[i];
            Total += counts[i];
        }

        Mean = Total > 0 ? _counts.Select((count, level) => count * level).Sum() / Total : 0;
    }

    public double Total { get; }

    public double Mean { get; }

    /// <summary>The grey level below which <paramref name="share"/> (0–1) of the pixels lie.</summary>
    public int Percentile(double share)
    {
        var target = share * Total;
        var running = 0.0;
        for (var level = 0; level < 256; level++)
        {
            running += _counts[level];
            if (running >= target)
            {
                return level;
            }
        }

        return 255;
    }

    /// <summary>The share (0–1) of pixels at or above <paramref name="level"/>.</summary>
    public double ShareAtOrAbove(int level) => Total > 0 ? _counts.Skip(level).Sum() / Total : 0;
}
