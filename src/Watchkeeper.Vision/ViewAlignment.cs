using OpenCvSharp;

namespace Watchkeeper.Vision;

/// <summary>
/// The global motion between two views of the working size: a similarity transform (translation, rotation, uniform
/// scale) fitted with RANSAC to matched points, so that points on moving people and cars fall out as outliers.
/// </summary>
/// <param name="Points">Point pairs the fit started from (feature matches or tracked corners).</param>
/// <param name="Inliers">Point pairs the fitted transform explains within <see cref="ViewAlignment.InlierDistance"/>.</param>
/// <param name="Displacement">Mean movement of a grid of points over the frame, in working-copy pixels.</param>
/// <param name="Translation">The movement of the frame centre, in working-copy pixels.</param>
/// <param name="RotationDegrees">Rotation, counter-clockwise positive in image coordinates.</param>
/// <param name="ScaleFactor">Uniform scale (zoom) from the first view to the second.</param>
internal sealed record ViewMotion(int Points, int Inliers, double Displacement, Point2d Translation, double RotationDegrees, double ScaleFactor)
{
    public static ViewMotion None(int points, int inliers) => new(points, inliers, double.NaN, default, 0, 1);

    /// <summary>True when enough point pairs agree on one transform for it to describe the whole view.</summary>
    public bool Found => !double.IsNaN(Displacement);

    public override string ToString() => Found
        ? $"displacement {Displacement:0.0} px (shift {Translation.X:0.0},{Translation.Y:0.0} px, rotation {RotationDegrees:0.0}°, scale {ScaleFactor:0.000}), {Inliers}/{Points} points agree"
        : $"no common transform, {Inliers}/{Points} points agree";
}

/// <summary>The result of matching features between a reference and a current view.</summary>
/// <param name="FromFeatures">ORB features found in the first view.</param>
/// <param name="ToFeatures">ORB features found in the second view.</param>
internal sealed record FeatureMatch(int FromFeatures, int ToFeatures, ViewMotion Motion);

/// <summary>Finds the global motion between two grey views of one size.</summary>
internal static class ViewAlignment
{
    /// <summary>RANSAC reprojection tolerance, in working-copy pixels.</summary>
    public const double InlierDistance = 3.0;

    /// <summary>Fewest agreeing point pairs for a transform to count; below this the views share no geometry.</summary>
    public const int MinInliers = 20;

    private const int MaxFeatures = 1500;
    private const float RatioTest = 0.8f;
    private const int GridSteps = 5;

    /// <summary>
    /// Matches ORB features between two views that may differ by any shift, rotation, zoom and lighting (a reference
    /// image against a current frame). Both images are equalised locally first so that day and dusk still match.
    /// </summary>
    public static FeatureMatch MatchFeatures(Mat fromGray, Mat toGray)
    {
        using var from = Equalize(fromGray);
        using var to = Equalize(toGray);
        using var orb = ORB.Create(MaxFeatures);
        using var fromDescriptors = new Mat();
        using var toDescriptors = new Mat();
        orb.DetectAndCompute(from, null, out var fromKeys, fromDescriptors);
        orb.DetectAndCompute(to, null, out var toKeys, toDescriptors);
        if (fromKeys.Length < 2 || toKeys.Length < 2)
        {
            return new FeatureMatch(fromKeys.Length, toKeys.Length, ViewMotion.None(0, 0));
        }

        using var matcher = new BFMatcher(NormTypes.Hamming);
        var fromPoints = new List<Point2f>();
        var toPoints = new List<Point2f>();
        foreach (var pair in matcher.KnnMatch(fromDescriptors, toDescriptors, 2))
        {
            if (pair.Length == 2 && pair[0].Distance < RatioTest * pair[1].Distance)
            {
                fromPoints.Add(fromKeys[pair[0].QueryIdx].Pt);
                toPoints.Add(toKeys[pair[0].TrainIdx].Pt);
            }
        }

        return new FeatureMatch(fromKeys.Length, toKeys.Length, Fit(fromPoints, toPoints, fromGray.Size()));
    }

    /// <summary>
    /// Tracks corners from one frame to the next with pyramidal Lucas-Kanade optical flow; suited to consecutive
    /// frames, whose global motion is tens of pixels at most.
    /// </summary>
    public static ViewMotion Track(Mat previousGray, Mat nextGray)
    {
        var corners = Cv2.GoodFeaturesToTrack(previousGray, 400, 0.01, 8, null!, 3, false, 0.04);
        if (corners.Length < 2)
        {
            return ViewMotion.None(corners.Length, 0);
        }

        var tracked = Array.Empty<Point2f>();
        Cv2.CalcOpticalFlowPyrLK(
            previousGray, nextGray, corners, ref tracked, out var status, out _, new Size(21, 21), 3,
            new TermCriteria(CriteriaTypes.Count | CriteriaTypes.Eps, 30, 0.01));
        var fromPoints = new List<Point2f>(corners.Length);
        var toPoints = new List<Point2f>(corners.Length);
        for (var i = 0; i < corners.Length; i++)
        {
            if (status[i] == 1)
            {
                fromPoints.Add(corners[i]);
                toPoints.Add(tracked[i]);
            }
        }

        return Fit(fromPoints, toPoints, previousGray.Size());
    }

    private static ViewMotion Fit(List<Point2f> fromPoints, List<Point2f> toPoints, Size size)
    {
        if (fromPoints.Count < MinInliers)
        {
            return ViewMotion.None(fromPoints.Count, 0);
        }

        using var from = Mat.FromArray(fromPoints);
        using var to = Mat.FromArray(toPoints);
        using var inlierMask = new Mat();

        // OpenCV's RANSAC draws from a fixed-seed generator, so one input always gives one result.
        using var transform = Cv2.EstimateAffinePartial2D(from, to, inlierMask, RobustEstimationAlgorithms.RANSAC, InlierDistance, 2000, 0.995, 10);
        var inliers = inlierMask.Empty() ? 0 : Cv2.CountNonZero(inlierMask);
        if (transform is null || transform.Empty() || inliers < MinInliers)
        {
            return ViewMotion.None(fromPoints.Count, inliers);
        }

        var a = transform.At<double>(0, 0);
        var b = transform.At<double>(1, 0);
        var tx = transform.At<double>(0, 2);
        var ty = transform.At<double>(1, 2);
        var center = new Point2d(size.Width / 2.0, size.Height / 2.0);
        var movedCenter = Apply(a, b, tx, ty, center);
        return new ViewMotion(
            fromPoints.Count,
            inliers,
            MeanDisplacement(a, b, tx, ty, size),
            movedCenter - center,
            Math.Atan2(b, a) * 180 / Math.PI,
            Math.Sqrt(a * a + b * b));
    }

    private static double MeanDisplacement(double a, double b, double tx, double ty, Size size)
    {
        var sum = 0.0;
        for (var row = 0; row < GridSteps; row++)
        {
            for (var column = 0; column < GridSteps; column++)
            {
                var point = new Point2d(size.Width * column / (GridSteps - 1.0), size.Height * row / (GridSteps - 1.0));
                var moved = Apply(a, b, tx, ty, point);
                sum += Math.Sqrt(Math.Pow(moved.X - point.X, 2) + Math.Pow(moved.Y - point.Y, 2));
            }
        }

        return sum / (GridSteps * GridSteps);
    }

    private static Point2d Apply(double a, double b, double tx, double ty, Point2d p) =>
        new(a * p.X - b * p.Y + tx, b * p.X + a * p.Y + ty);

    private static Mat Equalize(Mat gray)
    {
        using var clahe = Cv2.CreateCLAHE(2.0, new Size(8, 8));
        var equalized = new Mat();
        clahe.Apply(gray, equalized);
        return equalized;
    }
}
