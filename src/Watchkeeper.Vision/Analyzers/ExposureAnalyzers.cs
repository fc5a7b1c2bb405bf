using System.Globalization;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>
/// Too dark (过暗): mean luma of the picture. A normal night picture keeps a mean of 35 or more; under 25 a viewer
/// makes out only shapes.
/// </summary>
public sealed class TooDarkAnalyzer : SingleFrameAnalyzer
{
    public override DiagnosisKind Kind => DiagnosisKind.TooDark;

    internal override Measurement Measure(AnalysisContext context)
    {
        var histogram = context.LatestHistogram;
        var score = ScoreScale.Map(histogram.Mean, 36, 30, 8);
        var detail = string.Create(CultureInfo.InvariantCulture, $"mean luma {histogram.Mean:F1} of 255 (too dark below 30)");
        return new Measurement(score, null, detail);
    }
}

/// <summary>
/// Overexposed (过亮): mean luma and the share of clipped pixels (250 and above). Either a very bright mean or a
/// third of the picture clipped is a washed-out picture.
/// </summary>
public sealed class OverexposedAnalyzer : SingleFrameAnalyzer
{
    public override DiagnosisKind Kind => DiagnosisKind.Overexposed;

    internal override Measurement Measure(AnalysisContext context)
    {
        var histogram = context.LatestHistogram;
        var clipped = histogram.ShareAtOrAbove(250);
        var score = Math.Max(ScoreScale.Map(histogram.Mean, 160, 185, 235), ScoreScale.Map(clipped, 0.08, 0.2, 0.6));
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"mean luma {histogram.Mean:F1} of 255, {clipped:P1} clipped (overexposed from mean 185 or 20 % clipped)");
        return new Measurement(score, null, detail);
    }
}

/// <summary>
/// Low contrast (低对比度): the spread between the 1st and 99th luma percentiles. Fog, glare on a dirty dome and a
/// mis-set video level squeeze it; a real scene, even at night, spans most of the range.
/// </summary>
public sealed class LowContrastAnalyzer : SingleFrameAnalyzer
{
    public override DiagnosisKind Kind => DiagnosisKind.LowContrast;

    internal override Measurement Measure(AnalysisContext context)
    {
        var histogram = context.LatestHistogram;
        var spread = histogram.Percentile(0.99) - histogram.Percentile(0.01);
        var score = ScoreScale.Map(spread, 110, 75, 20);
        var detail = string.Create(CultureInfo.InvariantCulture, $"luma spread (1st to 99th percentile) {spread} levels (low contrast below 75)");
        return new Measurement(score, null, detail);
    }
}
