using OpenCvSharp;
using Watchkeeper.Vision.Analyzers;

namespace Watchkeeper.Vision;

/// <summary>
/// One frame set prepared for the analyzers: downscaled colour and grey copies made once and shared, and the
/// mapping of their regions back to the original frame. Analyzers work on the copies.
/// </summary>
public sealed class AnalysisContext : IDisposable
{
    /// <summary>The width the working copies are scaled down to (frames narrower than this are not enlarged).</summary>
    public const int WorkingWidth = 640;

    /// <summary>The width of the thumbnail the colour-statistics checks work on.</summary>
    internal const int ThumbnailWidth = 160;

    private readonly List<Mat> _small = [];
    private readonly List<Mat> _smallGray = [];
    private Mat? _smallReference;
    private Mat? _smallReferenceGray;
    private Mat? _latestThumbnail;
    private LumaHistogram? _latestHistogram;

    public AnalysisContext(FrameSet input)
    {
        Input = input;
        Scale = input.Width > WorkingWidth ? (double)input.Width / WorkingWidth : 1.0;
    }

    public FrameSet Input { get; }

    /// <summary>Original pixels per working-copy pixel (1 when the frame is not wider than <see cref="WorkingWidth"/>).</summary>
    public double Scale { get; }

    /// <summary>The frames downscaled to <see cref="WorkingWidth"/>, BGR, in time order.</summary>
    public IReadOnlyList<Mat> Small
    {
        get
        {
            if (_small.Count == 0)
            {
                foreach (var frame in Input.Frames)
                {
                    _small.Add(Downscale(frame));
                }
            }

            return _small;
        }
    }

    /// <summary>The downscaled frames in grey.</summary>
    public IReadOnlyList<Mat> SmallGray
    {
        get
        {
            if (_smallGray.Count == 0)
            {
                foreach (var frame in Small)
                {
                    _smallGray.Add(frame.CvtColor(ColorConversionCodes.BGR2GRAY));
                }
            }

            return _smallGray;
        }
    }

    /// <summary>The reference downscaled to the size of <see cref="Small"/> frames, or null without a reference.</summary>
    public Mat? SmallReference
    {
        get
        {
            if (_smallReference is null && Input.Reference is { } reference)
            {
                _smallReference = ScaleDown(reference, Small[0].Size());
            }

            return _smallReference;
        }
    }

    /// <summary>The downscaled reference in grey, or null without a reference.</summary>
    public Mat? SmallReferenceGray
    {
        get
        {
            if (_smallReferenceGray is null && SmallReference is { } reference)
            {
                _smallReferenceGray = reference.CvtColor(ColorConversionCodes.BGR2GRAY);
            }

            return _smallReferenceGray;
        }
    }

    /// <summary>The latest frame scaled down to <see cref="ThumbnailWidth"/>, BGR. It is shared, so callers must not change it.</summary>
    internal Mat LatestThumbnail => _latestThumbnail ??= Thumbnail(Small[^1]);

    /// <summary>The grey-level histogram of the latest working copy, shared by the brightness checks.</summary>
    internal LumaHistogram LatestHistogram => _latestHistogram ??= new LumaHistogram(SmallGray[^1]);

    /// <summary>Maps a rectangle of the working copies to the original frame, clipped to it.</summary>
    public FindingRegion ToOriginal(Rect small)
    {
        var x = (int)Math.Floor(small.X * Scale);
        var y = (int)Math.Floor(small.Y * Scale);
        var right = Math.Min(Input.Width, (int)Math.Ceiling(small.Right * Scale));
        var bottom = Math.Min(Input.Height, (int)Math.Ceiling(small.Bottom * Scale));
        return new FindingRegion(x, y, Math.Max(0, right - x), Math.Max(0, bottom - y));
    }

    public FindingRegion WholeFrame => FindingRegion.Whole(Input.Width, Input.Height);

    private Mat Downscale(Mat frame)
    {
        if (Scale == 1.0)
        {
            return frame.Clone();
        }

        var height = (int)Math.Round(frame.Height / Scale);
        return ScaleDown(frame, new Size(WorkingWidth, Math.Max(1, height)));
    }

    /// <summary>
    /// Scales a picture down to <paramref name="size"/>: halved by area averaging while it is at least twice as wide
    /// (OpenCV's fast path, so a 1080p frame costs a fraction of a general area resize), then bilinear for the rest.
    /// </summary>
    internal static Mat ScaleDown(Mat picture, Size size)
    {
        var current = picture;
        var (width, height) = (picture.Width, picture.Height);
        Mat? halved = null;
        try
        {
            while (width >= 2 * size.Width && height >= 2 * size.Height)
            {
                (width, height) = (width / 2, height / 2);
                var half = current.Resize(new Size(width, height), 0, 0, InterpolationFlags.Area);
                halved?.Dispose();
                (halved, current) = (half, half);
            }

            return current.Resize(size, 0, 0, InterpolationFlags.Linear);
        }
        finally
        {
            halved?.Dispose();
        }
    }

    private static Mat Thumbnail(Mat frame)
    {
        if (frame.Width <= ThumbnailWidth)
        {
            return frame.Clone();
        }

        var height = Math.Max(1, frame.Height * ThumbnailWidth / frame.Width);
        return frame.Resize(new Size(ThumbnailWidth, height), 0, 0, InterpolationFlags.Area);
    }

    public void Dispose()
    {
        foreach (var mat in _small.Concat(_smallGray))
        {
            mat.Dispose();
        }

        _smallReference?.Dispose();
        _smallReferenceGray?.Dispose();
        _latestThumbnail?.Dispose();
    }
}
