using OpenCvSharp;

namespace Watchkeeper.Vision.Tests;

public sealed class FrameSetTests
{
    [Fact]
    public void Decode_Jpeg_GivesBgrFrame()
    {
        using var source = new Mat(360, 640, MatType.CV_8UC3, new Scalar(30, 120, 200));
        Cv2.ImEncode(".jpg", source, out var jpeg);

        var result = FrameSet.Decode([("frame-1.jpg", jpeg)]);

        result.IsSuccess.ShouldBeTrue();
        using var set = result.Value;
        set.Width.ShouldBe(640);
        set.Height.ShouldBe(360);
        set.Frames[0].Type().ShouldBe(MatType.CV_8UC3);
    }

    [Fact]
    public void Decode_Garbage_NamesThePart()
    {
        var result = FrameSet.Decode([("camera-7.jpg", "not a picture"u8.ToArray())]);

        result.IsSuccess.ShouldBeFalse();
        result.FirstError.Message.ShouldContain("camera-7.jpg");
    }

    [Fact]
    public void Decode_FramesOfDifferentSizes_IsRejected()
    {
        using var a = new Mat(360, 640, MatType.CV_8UC3, Scalar.All(100));
        using var b = new Mat(288, 352, MatType.CV_8UC3, Scalar.All(100));
        Cv2.ImEncode(".png", a, out var first);
        Cv2.ImEncode(".png", b, out var second);

        var result = FrameSet.Decode([("a.png", first), ("b.png", second)]);

        result.IsSuccess.ShouldBeFalse();
        result.FirstError.Code.ShouldBe("diagnosis.size_mismatch");
    }

    [Fact]
    public void Context_MapsWorkingRegionBackToOriginalPixels()
    {
        using var set = FrameSet.FromFrames([new Mat(1080, 1920, MatType.CV_8UC3, Scalar.All(0))]);
        using var context = new AnalysisContext(set);

        context.Small[0].Width.ShouldBe(AnalysisContext.WorkingWidth);
        context.Small[0].Height.ShouldBe(360);
        context.ToOriginal(new Rect(10, 20, 100, 50)).ShouldBe(new FindingRegion(30, 60, 300, 150));
    }

    [Theory]
    [InlineData(1, 0.82)]
    [InlineData(5, 0.5)]
    [InlineData(10, 0.1)]
    public void Threshold_FollowsSensitivity(int sensitivity, double expected) =>
        Sensitivity.Threshold(sensitivity).ShouldBe(expected, 1e-9);
}
