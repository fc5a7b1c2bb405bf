using System.Text;
using Watchkeeper.Protocols.Http;

namespace Watchkeeper.Protocols.Tests.Http;

public sealed class JpegInspectorTests
{
    private static byte[] Picture => (byte[])SnapshotWebServer.Picture.Clone();

    /// <summary>Returns the offset of the first marker FF <paramref name="code"/> in the fixture picture.</summary>
    private static int MarkerOffset(byte[] data, byte code)
    {
        for (var i = 2; i + 1 < data.Length; i++)
        {
            if (data[i] == 0xFF && data[i + 1] == code)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"marker FF {code:X2} not found");
    }

    [Fact]
    public void Inspect_CameraFrame_ValidWithDimensions()
    {
        var result = JpegInspector.Inspect(Picture);

        result.IsValid.ShouldBeTrue(result.Problem);
        result.Width.ShouldBe(768);
        result.Height.ShouldBe(576);
    }

    [Fact]
    public void Inspect_TrailingBytesAfterEndOfImage_StillValid()
    {
        var result = JpegInspector.Inspect([.. Picture, .. "trailer"u8.ToArray()]);

        result.IsValid.ShouldBeTrue(result.Problem);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1000)]
    [InlineData(-2)]
    [InlineData(-1)]
    public void Inspect_Truncated_Invalid(int cut)
    {
        var picture = Picture;
        var length = cut > 0 ? cut : picture.Length + cut;

        var result = JpegInspector.Inspect(picture.AsSpan(0, length));

        result.IsValid.ShouldBeFalse();
        result.Problem.ShouldNotBeNull().ShouldContain("truncated");
    }

    [Fact]
    public void Inspect_Html_InvalidShowingStart()
    {
        var result = JpegInspector.Inspect(Encoding.ASCII.GetBytes("<html><body>401</body></html>"));

        result.Problem.ShouldNotBeNull().ShouldContain("FF D8");
        result.Problem.ShouldNotBeNull().ShouldContain("\"<html><b\"");
    }

    [Fact]
    public void Inspect_Empty_Invalid()
    {
        JpegInspector.Inspect([]).Problem.ShouldNotBeNull().ShouldContain("empty");
    }

    [Fact]
    public void Inspect_ProgressiveFrameType_Accepted()
    {
        // The marker walk does not decode, so an SOF2 code in place of SOF0 checks the accepted frame types.
        var picture = Picture;
        picture[MarkerOffset(picture, 0xC0) + 1] = 0xC2;

        JpegInspector.Inspect(picture).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Inspect_LosslessFrameType_Invalid()
    {
        var picture = Picture;
        picture[MarkerOffset(picture, 0xC0) + 1] = 0xC3;

        JpegInspector.Inspect(picture).Problem.ShouldNotBeNull().ShouldContain("FF C3");
    }

    [Theory]
    [InlineData(0, 576)]
    [InlineData(768, 0)]
    [InlineData(8, 8)]
    [InlineData(60000, 576)]
    public void Inspect_ImplausibleDimensions_Invalid(int width, int height)
    {
        var picture = Picture;
        var frame = MarkerOffset(picture, 0xC0);
        picture[frame + 5] = (byte)(height >> 8);
        picture[frame + 6] = (byte)height;
        picture[frame + 7] = (byte)(width >> 8);
        picture[frame + 8] = (byte)width;

        JpegInspector.Inspect(picture).Problem.ShouldNotBeNull().ShouldContain($"{width}x{height}");
    }

    [Fact]
    public void Inspect_SegmentLengthBelowTwo_Invalid()
    {
        var picture = Picture;
        var table = MarkerOffset(picture, 0xDB);
        picture[table + 2] = 0;
        picture[table + 3] = 1;

        JpegInspector.Inspect(picture).Problem.ShouldNotBeNull().ShouldContain("impossible length 1");
    }

    [Fact]
    public void Inspect_SegmentLengthPastEnd_Invalid()
    {
        var picture = Picture;
        var table = MarkerOffset(picture, 0xDB);
        picture[table + 2] = 0xFF;
        picture[table + 3] = 0xFF;

        JpegInspector.Inspect(picture.AsSpan(0, 4000)).Problem.ShouldNotBeNull().ShouldContain("truncated");
    }

    [Fact]
    public void Inspect_NoScan_Invalid()
    {
        byte[] frameOnly =
        [
            0xFF, 0xD8,
            0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x40, 0x00, 0x40, 0x01, 0x01, 0x11, 0x00,
            0xFF, 0xD9,
        ];

        JpegInspector.Inspect(frameOnly).Problem.ShouldNotBeNull().ShouldContain("without any scan");
    }

    [Fact]
    public void Inspect_NoFrameHeader_Invalid()
    {
        JpegInspector.Inspect([0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 0x41, 0x42, 0xFF, 0xD9]).Problem.ShouldNotBeNull().ShouldContain("without a frame header");
    }

    [Fact]
    public void Inspect_RandomCorruption_NeverThrows()
    {
        var random = new Random(20240517);
        for (var round = 0; round < 2000; round++)
        {
            var picture = Picture;
            for (var flips = random.Next(1, 8); flips > 0; flips--)
            {
                picture[random.Next(picture.Length)] = (byte)random.Next(256);
            }

            var length = random.Next(picture.Length + 1);

            Should.NotThrow(() => JpegInspector.Inspect(picture.AsSpan(0, length)));
        }
    }
}
