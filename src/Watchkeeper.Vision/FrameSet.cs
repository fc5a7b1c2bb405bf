using OpenCvSharp;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Vision;

/// <summary>
/// The pictures one diagnosis looks at: one or more decoded frames of a camera in time order, and the reference
/// image to compare them with. Owns its images.
/// </summary>
public sealed class FrameSet : IDisposable
{
    public const int MaxFrames = 16;

    private FrameSet(IReadOnlyList<Mat> frames, TimeSpan interval, Mat? reference, bool parkedAtPreset)
    {
        Frames = frames;
        Interval = interval;
        Reference = reference;
        ParkedAtPreset = parkedAtPreset;
    }

    /// <summary>The frames, 8-bit BGR, in time order, all of one size.</summary>
    public IReadOnlyList<Mat> Frames { get; }

    /// <summary>The time between consecutive frames; zero when unknown.</summary>
    public TimeSpan Interval { get; }

    /// <summary>
    /// The reference view: the camera's reference image, or, when <see cref="ParkedAtPreset"/>, the reference of the
    /// preset the PTZ camera is parked at. Null when the camera has none yet.
    /// </summary>
    public Mat? Reference { get; }

    /// <summary>True when the camera is a PTZ camera parked at a preset and the reference is that preset's view.</summary>
    public bool ParkedAtPreset { get; }

    public int Width => Frames[0].Width;

    public int Height => Frames[0].Height;

    /// <summary>Takes ownership of decoded frames; they must be 8-bit BGR and of one size.</summary>
    public static FrameSet FromFrames(IReadOnlyList<Mat> frames, TimeSpan interval = default, Mat? reference = null, bool parkedAtPreset = false)
    {
        ArgumentOutOfRangeException.ThrowIfZero(frames.Count);
        foreach (var frame in frames)
        {
            if (frame.Type() != MatType.CV_8UC3 || frame.Size() != frames[0].Size())
            {
                throw new ArgumentException("frames must be 8-bit BGR images of one size", nameof(frames));
            }
        }

        return new FrameSet(frames, interval, reference, parkedAtPreset);
    }

    /// <summary>
    /// Decodes encoded pictures (JPEG, PNG, BMP). A part that does not decode, or a frame whose size differs from the
    /// first, fails with an error naming the part.
    /// </summary>
    /// <param name="images">The encoded frames in time order, each with a name for messages (a form part, a file).</param>
    /// <param name="reference">The encoded reference image, or null.</param>
    public static Result<FrameSet> Decode(
        IReadOnlyList<(string Name, ReadOnlyMemory<byte> Bytes)> images,
        (string Name, ReadOnlyMemory<byte> Bytes)? reference = null,
        TimeSpan interval = default,
        bool parkedAtPreset = false)
    {
        if (images.Count == 0)
        {
            return Error.Validation("diagnosis.no_image", Bilingual.Join("至少需要一张图像", "at least one image is needed"), "images");
        }

        if (images.Count > MaxFrames)
        {
            return Error.Validation(
                "diagnosis.too_many_images",
                Bilingual.Join($"最多 {MaxFrames} 张图像，收到 {images.Count} 张", $"at most {MaxFrames} images, got {images.Count}"),
                "images");
        }

        var frames = new List<Mat>(images.Count);
        Mat? referenceFrame = null;
        try
        {
            foreach (var (name, bytes) in images)
            {
                var frame = DecodeOne(name, bytes);
                if (!frame.IsSuccess)
                {
                    return frame.FirstError;
                }

                frames.Add(frame.Value);
                if (frame.Value.Size() != frames[0].Size())
                {
                    return Error.Validation(
                        "diagnosis.size_mismatch",
                        Bilingual.Join(
                            $"图像 {name} 为 {frame.Value.Width}x{frame.Value.Height}，与第一张 {frames[0].Width}x{frames[0].Height} 不一致；同一组帧须尺寸相同",
                            $"image {name} is {frame.Value.Width}x{frame.Value.Height}, the first is {frames[0].Width}x{frames[0].Height}; frames of one set must have one size"),
                        "images");
                }
            }

            if (reference is { } r)
            {
                var decoded = DecodeOne(r.Name, r.Bytes);
                if (!decoded.IsSuccess)
                {
                    return decoded.FirstError;
                }

                referenceFrame = decoded.Value;
            }

            var set = new FrameSet(frames, interval, referenceFrame, parkedAtPreset);
            frames = [];
            referenceFrame = null;
            return set;
        }
        finally
        {
            foreach (var frame in frames)
            {
                frame.Dispose();
            }

            referenceFrame?.Dispose();
        }
    }

    private static Result<Mat> DecodeOne(string name, ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return Error.Validation(
                "diagnosis.empty_image",
                Bilingual.Join($"图像 {name} 为空", $"image {name} is empty"),
                name);
        }

        Mat decoded;
        try
        {
            decoded = Cv2.ImDecode(bytes.Span, ImreadModes.Color);
        }
        catch (OpenCVException)
        {
            decoded = new Mat();
        }

        if (decoded.Empty())
        {
            decoded.Dispose();
            return Error.Validation(
                "diagnosis.undecodable_image",
                Bilingual.Join($"图像 {name} 无法解码：请提交 JPEG、PNG 或 BMP 文件", $"image {name} does not decode: send a JPEG, PNG or BMP file"),
                name);
        }

        return decoded;
    }

    public void Dispose()
    {
        foreach (var frame in Frames)
        {
            frame.Dispose();
        }

        Reference?.Dispose();
    }
}
