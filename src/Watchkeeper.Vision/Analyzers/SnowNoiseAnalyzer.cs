using System.Globalization;
using OpenCvSharp;
using Watchkeeper.Core.Diagnosis;

namespace Watchkeeper.Vision.Analyzers;

/// <summary>
/// Snow noise (雪花噪声): the noise level of the picture, estimated per 16x16 block with Immerkær's operator (J.
/// Immerkær, "Fast Noise Variance Estimation", Computer Vision and Image Understanding 64(2), 1996), which cancels
/// flat areas and gentle slopes. Texture raises a block's figure too, so the measure is the 10th percentile over
/// blocks: the flattest parts of the scene, where only noise remains.
/// </summary>
public sealed class SnowNoiseAnalyzer : SingleFrameAnalyzer
{
    private const int Block = 16;

    private static readonly float[] Laplacian = [1, -2, 1];

    public override DiagnosisKind Kind => DiagnosisKind.SnowNoise;

    internal override Measurement Measure(AnalysisContext context)
    {
        var sigma = NoiseSigma(LatestGray(context));
        var score = ScoreScale.Map(sigma, 3.5, 5, 12);
        var detail = string.Create(CultureInfo.InvariantCulture,
            $"noise sigma {sigma:F1} grey levels in the flattest blocks of the working copy (snow from 5)");
        return new Measurement(score, null, detail);
    }

    /// <summary>The noise standard deviation of the flattest tenth of the picture, in grey levels.</summary>
    internal static double NoiseSigma(Mat gray)
    {
        // Immerkær's mask is the outer product of [1 -2 1] with itself, so it runs as two 1-D passes in exact integers.
        using var response = new Mat();
        Cv2.SepFilter2D(gray, response, MatType.CV_16S, InputArray.Create(Laplacian), InputArray.Create(Laplacian), borderType: BorderTypes.Reflect101);
        Cv2.Absdiff(response, Scalar.All(0), response);
        using var magnitude = new Mat();
        response.ConvertTo(magnitude, MatType.CV_32F);

        var columns = gray.Width / Block;
        var rows = gray.Height / Block;
        if (columns == 0 || rows == 0)
        {
            return Math.Sqrt(Math.PI / 2) / 6 * Cv2.Mean(magnitude).Val0;
        }

        // The block mean of |response| times sqrt(pi/2)/6 is Immerkær's sigma for that block.
        using var blocks = new Mat();
        Cv2.Resize(magnitude[new Rect(0, 0, columns * Block, rows * Block)], blocks, new Size(columns, rows), 0, 0, InterpolationFlags.Area);
        blocks.GetArray(out float[] means);
        var tenth = means.Length / 10;
        Array.Sort(means);
        return Math.Sqrt(Math.PI / 2) / 6 * means[tenth];
    }
}
