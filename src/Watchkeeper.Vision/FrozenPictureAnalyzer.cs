using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision;

/// <summary>
/// Frozen picture (画面冻结): the frames repeat one picture. A frozen encoder sends the same decoded picture again, so
/// its frames are identical or nearly so, its noise included. A live camera shows either motion somewhere, or, in a
/// quiet scene, sensor noise that differs from frame to frame. Two measures, each taken on every consecutive pair and
/// on the first and last frame, separate the two:
/// <list type="bullet">
/// <item>moving blocks: the share of 8x8 blocks whose mean grey level changed by more than 4 levels. Averaging over a
/// block cancels pixel noise and compression ringing, so only a change of content (a walker, a car) counts;</item>
/// <item>noise change: the RMS grey-level difference over the flattest 30 % of the picture, where content cannot
/// change without moving blocks, so what remains is noise that was drawn anew.</item>
/// </list>
/// The pair that looks most alive decides: the picture is frozen only when every pair is still.
/// </summary>
public sealed class FrozenPictureAnalyzer : IFrameAnalyzer
{
    /// <summary>Side of the blocks whose mean level is compared, in working-copy pixels.</summary>
    private const int BlockSize = 8;

    /// <summary>Change of a block's mean grey level that counts as a change of content.</summary>
    private const double BlockChangeLevels = 4.0;

    /// <summary>
    /// Share of moving blocks at the decision point. Consecutive frames of the street video (0.1 s apart) move 0.4 % to
    /// 3 % of the blocks; repeated frames with noise or re-compression move none.
    /// </summary>
    private const double MovingShareDecision = 0.001;

    /// <summary>
    /// RMS noise change at the decision point, in grey levels of the working copy. Repeated frames re-encoded as JPEG at
    /// qualities 70 to 95 measure 0.8 to 1.4; independent Gaussian noise of sigma 3 added to each frame measures 1.8.
    /// </summary>
    private const double NoiseChangeDecision = 1.7;

    /// <summary>Share of the picture, the flattest, where the noise change is measured.</summary>
    private const double FlatShare = 0.3;

    private const int FlatGradientCap = 10;

    /// <summary>Differences are clipped to this many levels, so a few changed pixels cannot pass for noise.</summary>
    private const float NoiseClipLevels = 10f;

    /// <summary>
    /// Grey levels this close to 0 or 255 are left out of the noise measure: a burnt-out sky or a black shadow is flat
    /// and noiseless in a live picture too.
    /// </summary>
    private const int ClipMargin = 6;

    private const double Steepness = 4;

    public DiagnosisKind Kind => DiagnosisKind.FrozenPicture;

    public bool CanAnalyze(AnalysisContext context) => context.Input.Frames.Count >= 2;

    public AnalyzerFinding Analyze(AnalysisContext context, double threshold)
    {
        var gray = context.SmallGray;
        var pairs = Enumerable.Range(0, gray.Count - 1).Select(i => (i, i + 1)).ToList();
        if (gray.Count > 2)
        {
            pairs.Add((0, gray.Count - 1));
        }

        var liveliest = 0.0;
        var movingShare = 0.0;
        var noiseChange = 0.0;
        foreach (var (first, second) in pairs)
        {
            using var difference = SignedDifference(gray[first], gray[second]);
            var moving = MovingBlockShare(difference);
            var noise = NoiseChange(gray[first], difference);
            var liveliness = Math.Max(moving / MovingShareDecision, noise / NoiseChangeDecision);
            if (liveliness >= liveliest)
            {
                (liveliest, movingShare, noiseChange) = (liveliness, moving, noise);
            }
        }

        var score = DecisionCurve.Falling(liveliest, 1.0, Steepness);
        var detected = score >= threshold;
        var detail = $"{gray.Count} frames, liveliest pair: moving blocks {movingShare:P2} (live from {MovingShareDecision:P1}), " +
            $"noise change {noiseChange:0.00} grey levels RMS in flat areas (live from {NoiseChangeDecision:0.0})";
        return new AnalyzerFinding(Kind, detected, score, detected ? context.WholeFrame : null, detail);
    }

    private static Mat SignedDifference(Mat first, Mat second)
    {
        using var a = new Mat();
        using var b = new Mat();
        first.ConvertTo(a, MatType.CV_32F);
        second.ConvertTo(b, MatType.CV_32F);
        var difference = new Mat();
        Cv2.Subtract(b, a, difference);
        return difference;
    }

    private static double MovingBlockShare(Mat difference)
    {
        var blocks = new Size(Math.Max(1, difference.Width / BlockSize), Math.Max(1, difference.Height / BlockSize));
        using var blockMeans = difference.Resize(blocks, 0, 0, InterpolationFlags.Area);
        using var magnitude = Cv2.Abs(blockMeans).ToMat();
        using var moving = magnitude.Threshold(BlockChangeLevels, 1, ThresholdTypes.Binary);
        return Cv2.CountNonZero(moving) / (double)moving.Total();
    }

    private static double NoiseChange(Mat firstGray, Mat difference)
    {
        using var flat = FlatMask(firstGray);
        using var clipped = Cv2.Abs(difference).ToMat();
        Cv2.Min(clipped, NoiseClipLevels, clipped);
        Cv2.Multiply(clipped, clipped, clipped);
        return Math.Sqrt(Cv2.Mean(clipped, flat).Val0);
    }

    /// <summary>
    /// The pixels whose local gradient is among the lowest <see cref="FlatShare"/> of the picture, less those clipped
    /// to black or white.
    /// </summary>
    private static Mat FlatMask(Mat gray)
    {
        using var dx = gray.Sobel(MatType.CV_16S, 1, 0);
        using var dy = gray.Sobel(MatType.CV_16S, 0, 1);
        using var absX = new Mat();
        using var absY = new Mat();
        Cv2.ConvertScaleAbs(dx, absX, 0.25);
        Cv2.ConvertScaleAbs(dy, absY, 0.25);
        using var gradient = new Mat();
        Cv2.Add(absX, absY, gradient);
        using var smooth = gradient.Blur(new Size(7, 7));

        using var unclipped = gray.InRange(ClipMargin, 255 - ClipMargin);
        using var histogram = new Mat();
        Cv2.CalcHist([smooth], [0], unclipped, histogram, 1, [256], [new Rangef(0, 256)]);
        var wanted = FlatShare * Cv2.CountNonZero(unclipped);
        var cumulative = 0.0;
        var level = 0;
        for (; level < 255; level++)
        {
            cumulative += histogram.At<float>(level);
            if (cumulative >= wanted)
            {
                break;
            }
        }

        using var flat = smooth.LessThanOrEqual(Math.Min(level, FlatGradientCap));
        var mask = new Mat();
        Cv2.BitwiseAnd(flat, unclipped, mask);
        return mask;
    }
}
