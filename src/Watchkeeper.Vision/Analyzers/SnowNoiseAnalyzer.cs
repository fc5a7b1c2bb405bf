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
        using var kernel = Mat.FromPixelData(3, 3, MatType.CV_32F, new float[] { 1, -2, 1, -2, 4, -2, 1, -2, 1 });
        using var response = new Mat();
        Cv2.Filter2D(gray, response, MatType.CV_32F, kernel, borderType: BorderTypes.Reflect101);
        Cv2.Absdiff(response, Scalar.All(0), response);

        var columns = gray.Width / Block;
        var rows = gray.Height / Block;
        if (columns == 0 || rows == 0)
        {
            return Math.Sqrt(Math.PI / 2) / 6 * Cv2.Mean(response).Val0;
        }

        // The block mean of |response| times sqrt(pi/2)/6 is Immerkær's sigma for that block.
        using var blocks = new Mat();
        Cv2.Resize(response[new Rect(0, 0, columns * Block, rows * Block)], blocks, new Size(columns, rows), 0, 0, InterpolationFlags.Area);
        blocks.GetArray(out float[] means);
        Array.Sort(means);
        return Math.Sqrt(Math.PI / 2) / 6 * means[means.Length / 10];
    }
}
