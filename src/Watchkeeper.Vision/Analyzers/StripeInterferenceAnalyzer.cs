using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>
/// Stripe and rolling interference (条纹干扰): a periodic brightness pattern laid over the whole frame. The picture is
/// cut into vertical strips; each strip's row means form a profile, and the profiles' spectra are compared. The
/// interference adds the same sinusoid to every strip, in phase, so its frequency shows as a sharp peak of the
/// strips' common (coherent) spectrum, far above the neighbouring frequencies. Scene structure, such as a building's
/// floors, is neither in phase across the whole width nor a single sharp frequency. The same is done on columns for
/// vertical stripes. The measure is the peak's power over the local background of the spectrum.
/// </summary>
public sealed class StripeInterferenceAnalyzer : SingleFrameAnalyzer
{
    private const int Strips = 8;

    /// <summary>
    /// The lowest frequency looked at for horizontal patterns, in cycles over the frame height: slower changes are
    /// lighting, not interference. Rolling bands (hum bars) are horizontal and often this wide.
    /// </summary>
    // NOTE: bands of 3 to 5 cycles over a busy scene (boxes on a shelf, a squirrel in grass) often stay under the
    // decision point. There the strips' own row variation at the neighbouring frequencies is as strong as the band.
    private const int MinimumBandCycles = 3;

    /// <summary>
    /// The lowest frequency looked at for vertical patterns, in cycles over the frame width. It is higher than for
    /// horizontal ones because a scene's own side-by-side objects (a row of fruit, of windows) give 3-cycle patterns
    /// that are in phase from top to bottom.
    /// </summary>
    private const int MinimumColumnCycles = 4;

    /// <summary>Half-width, in frequency bins, of the neighbourhood whose median is the peak's background.</summary>
    private const int Neighbourhood = 10;

    public override DiagnosisKind Kind => DiagnosisKind.StripeInterference;

    internal override Measurement Measure(AnalysisContext context)
    {
        var gray = LatestGray(context);
        var rows = Strongest(gray, MinimumBandCycles);
        using var transposed = gray.T().ToMat();
        var columns = Strongest(transposed, MinimumColumnCycles);
        var (peak, horizontal) = rows.Ratio >= columns.Ratio ? (rows, true) : (columns, false);

        var score = ScoreScale.Map(peak.Ratio, 4, 12, 80);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"{(horizontal ? "horizontal" : "vertical")} pattern, period {peak.Period:F1} px, amplitude {peak.Amplitude:F1} levels, coherence {peak.Coherence:F2}, {peak.Ratio:F0}x its spectral background (interference from 12x)");
        return new Measurement(score, null, detail);
    }

    /// <summary>
    /// The strongest in-phase periodic component along the rows of <paramref name="gray"/>, looked for from
    /// <paramref name="minimumCycles"/> cycles over the height up to a period of 2 rows.
    /// </summary>
    internal static (double Ratio, double Period, double Amplitude, double Coherence) Strongest(Mat gray, int minimumCycles)
    {
        var length = gray.Rows;
        var stripWidth = gray.Cols / Strips;
        if (length < 4 * minimumCycles || stripWidth < 1)
        {
            return (0, 0, 0, 0);
        }

        var window = new double[length];
        for (var i = 0; i < length; i++)
        {
            window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (length - 1));
        }

        var data = new float[Strips * length];
        for (var k = 0; k < Strips; k++)
        {
            using var profile = new Mat();
            Cv2.Reduce(gray[new Rect(k * stripWidth, 0, stripWidth, length)], profile, ReduceDimension.Column, ReduceTypes.Avg, MatType.CV_32F);
            profile.GetArray(out float[] means);
            var average = means.Average();
            for (var i = 0; i < length; i++)
            {
                data[k * length + i] = (float)((means[i] - average) * window[i]);
            }
        }

        using var profiles = Mat.FromPixelData(Strips, length, MatType.CV_32F, data);
        using var spectra = new Mat();
        Cv2.Dft(profiles, spectra, DftFlags.Rows | DftFlags.ComplexOutput);
        spectra.GetArray(out Vec2f[] bins);

        var half = length / 2;
        var coherent = new double[half + 1];
        var incoherent = new double[half + 1];
        for (var u = 1; u <= half; u++)
        {
            double re = 0, im = 0, power = 0;
            for (var k = 0; k < Strips; k++)
            {
                var bin = bins[k * length + u];
                re += bin.Item0;
                im += bin.Item1;
                power += bin.Item0 * (double)bin.Item0 + bin.Item1 * (double)bin.Item1;
            }

            coherent[u] = (re * re + im * im) / (Strips * Strips);
            incoherent[u] = power / Strips;
        }

        // A sinusoid of amplitude A under a Hann window peaks at A * length / 4; a one-level floor keeps flat frames quiet.
        var floor = Math.Pow(length / 4.0, 2);
        var best = (Ratio: 0.0, Period: 0.0, Amplitude: 0.0, Coherence: 0.0);
        for (var u = minimumCycles; u <= half; u++)
        {
            var background = Background(incoherent, u, half);
            var coherence = incoherent[u] > 0 ? coherent[u] / incoherent[u] : 0;
            var ratio = coherent[u] / (background + floor) * coherence * coherence;
            if (ratio > best.Ratio)
            {
                best = (ratio, length / (double)u, 4 * Math.Sqrt(coherent[u]) / length, coherence);
            }
        }

        return best;
    }

    private static double Background(double[] power, int u, int half)
    {
        var neighbours = new List<double>(2 * Neighbourhood);
        for (var v = Math.Max(1, u - Neighbourhood); v <= Math.Min(half, u + Neighbourhood); v++)
        {
            if (Math.Abs(v - u) > 2)
            {
                neighbours.Add(power[v]);
            }
        }

        if (neighbours.Count == 0)
        {
            return 0;
        }

        neighbours.Sort();
        return neighbours[neighbours.Count / 2];
    }
}
