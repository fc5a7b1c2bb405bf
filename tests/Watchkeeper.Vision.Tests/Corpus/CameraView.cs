using OpenCvSharp;

namespace Watchkeeper.Vision.Tests.Corpus;

/// <summary>
/// Where a simulated camera points inside a real scene picture, relative to its home view (the centre two thirds of the
/// picture): a pan and tilt as shares of the view width, a roll in degrees (counter-clockwise) and a zoom factor.
/// </summary>
public sealed record CameraPose(double PanShare = 0, double TiltShare = 0, double RollDegrees = 0, double Zoom = 1)
{
    public static readonly CameraPose Home = new();
}

/// <summary>
/// Takes views of a real scene picture as a camera at a <see cref="CameraPose"/> would see them, so that a moved,
/// zoomed or shaking camera shows real content entering at the edges instead of a border. Also measures how far one
/// pose moves the picture from another, the truth the samples are graded by.
/// </summary>
public static class CameraView
{
    /// <summary>Side of the grid whose mean point movement measures a change of pose.</summary>
    private const int GridSteps = 5;

    /// <summary>The size of a view of <paramref name="scene"/>: two thirds of it, rounded down to even numbers.</summary>
    public static Size ViewSize(Size scene) => new(scene.Width * 2 / 3 & ~1, scene.Height * 2 / 3 & ~1);

    /// <summary>The view of <paramref name="scene"/> at <paramref name="pose"/>, a new 8-bit BGR image of <see cref="ViewSize"/>.</summary>
    public static Mat Capture(Mat scene, CameraPose pose)
    {
        var view = ViewSize(scene.Size());
        var transform = SceneToView(scene.Size(), pose);
        using var matrix = new Mat(2, 3, MatType.CV_64FC1);
        for (var row = 0; row < 2; row++)
        {
            for (var column = 0; column < 3; column++)
            {
                matrix.Set(row, column, transform[row, column]);
            }
        }

        var output = new Mat();
        Cv2.WarpAffine(scene, output, matrix, view, InterpolationFlags.Linear, BorderTypes.Reflect101);
        return output;
    }

    /// <summary>
    /// The mean movement of a 5x5 grid of view points between two poses, as a share of the view width: a pan of 4 %
    /// moves every point 4 %, a roll moves the corners more than the centre.
    /// </summary>
    public static double Displacement(Size scene, CameraPose from, CameraPose to)
    {
        var view = ViewSize(scene);
        var forward = SceneToView(scene, to);
        var backward = Invert(SceneToView(scene, from));
        var sum = 0.0;
        for (var row = 0; row < GridSteps; row++)
        {
            for (var column = 0; column < GridSteps; column++)
            {
                var x = view.Width * column / (GridSteps - 1.0);
                var y = view.Height * row / (GridSteps - 1.0);
                var (sceneX, sceneY) = Apply(backward, x, y);
                var (movedX, movedY) = Apply(forward, sceneX, sceneY);
                sum += Math.Sqrt(Math.Pow(movedX - x, 2) + Math.Pow(movedY - y, 2));
            }
        }

        return sum / (GridSteps * GridSteps) / view.Width;
    }

    /// <summary>True when the whole view at <paramref name="pose"/> lies inside the scene, so no reflected border shows.</summary>
    public static bool FitsInside(Size scene, CameraPose pose)
    {
        var view = ViewSize(scene);
        var backward = Invert(SceneToView(scene, pose));
        foreach (var (x, y) in new[] { (0.0, 0.0), (view.Width, 0.0), (0.0, view.Height), (view.Width, view.Height) })
        {
            var (sceneX, sceneY) = Apply(backward, x, y);
            if (sceneX < 0 || sceneY < 0 || sceneX > scene.Width - 1 || sceneY > scene.Height - 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The affine map from scene to view pixels: rotate and zoom about the pointed-at centre, then centre it in the view.</summary>
    private static double[,] SceneToView(Size scene, CameraPose pose)
    {
        var view = ViewSize(scene);
        var centerX = scene.Width / 2.0 + pose.PanShare * view.Width;
        var centerY = scene.Height / 2.0 + pose.TiltShare * view.Width;

        // The same convention as OpenCV's getRotationMatrix2D: a positive angle turns the picture counter-clockwise.
        var radians = pose.RollDegrees * Math.PI / 180;
        var a = pose.Zoom * Math.Cos(radians);
        var b = pose.Zoom * Math.Sin(radians);
        return new[,]
        {
            { a, b, view.Width / 2.0 - a * centerX - b * centerY },
            { -b, a, view.Height / 2.0 + b * centerX - a * centerY },
        };
    }

    private static double[,] Invert(double[,] m)
    {
        var determinant = m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0];
        var a = m[1, 1] / determinant;
        var b = -m[0, 1] / determinant;
        var c = -m[1, 0] / determinant;
        var d = m[0, 0] / determinant;
        return new[,]
        {
            { a, b, -(a * m[0, 2] + b * m[1, 2]) },
            { c, d, -(c * m[0, 2] + d * m[1, 2]) },
        };
    }

    private static (double X, double Y) Apply(double[,] m, double x, double y) =>
        (m[0, 0] * x + m[0, 1] * y + m[0, 2], m[1, 0] * x + m[1, 1] * y + m[1, 2]);
}
