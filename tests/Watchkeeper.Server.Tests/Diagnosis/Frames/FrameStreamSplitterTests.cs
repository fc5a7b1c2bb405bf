using System.Buffers.Binary;
using Watchkeeper.Server.Diagnosis.Frames;

namespace Watchkeeper.Server.Tests.Diagnosis.Frames;

public sealed class FrameStreamSplitterTests
{
    [Fact]
    public void Append_TwoBmpsInSmallChunks_CutsBoth()
    {
        var stream = Bmp(100).Concat(Bmp(80)).ToArray();
        var splitter = new FrameStreamSplitter(FrameFormat.Bmp, 1000);

        foreach (var chunk in stream.Chunk(7))
        {
            splitter.Append(chunk);
        }

        splitter.Frames.Select(frame => frame.Length).ShouldBe([100, 80]);
        splitter.Problem.ShouldBeNull();
    }

    [Fact]
    public void Append_BmpAboveCap_TooLargeBeforeBuffering()
    {
        var splitter = new FrameStreamSplitter(FrameFormat.Bmp, 1000);

        splitter.Append(Bmp(5000).AsSpan(0, 20));

        splitter.TooLarge.ShouldBeTrue();
        splitter.Frames.ShouldBeEmpty();
    }

    [Fact]
    public void Append_NotBmp_Problem()
    {
        var splitter = new FrameStreamSplitter(FrameFormat.Bmp, 1000);

        splitter.Append("Press [q] to stop..."u8);

        splitter.Problem.ShouldNotBeNull().ShouldContain("BMP");
    }

    [Fact]
    public void Append_JpegsWithStuffedBytes_CutsAtEndMarker()
    {
        byte[] first = [0xFF, 0xD8, 0x01, 0xFF, 0x00, 0x02, 0xFF, 0xD9];
        byte[] second = [0xFF, 0xD8, 0x03, 0xFF, 0xD9];
        var splitter = new FrameStreamSplitter(FrameFormat.Jpeg, 1000);

        foreach (var chunk in first.Concat(second).Chunk(3))
        {
            splitter.Append(chunk);
        }

        splitter.Frames.Count.ShouldBe(2);
        splitter.Frames[0].ShouldBe(first);
        splitter.Frames[1].ShouldBe(second);
    }

    [Fact]
    public void Append_JpegWithoutEnd_TooLargeAtCap()
    {
        var splitter = new FrameStreamSplitter(FrameFormat.Jpeg, 100);

        splitter.Append(new byte[] { 0xFF, 0xD8 }.Concat(new byte[200]).ToArray());

        splitter.TooLarge.ShouldBeTrue();
    }

    private static byte[] Bmp(int size)
    {
        var bytes = new byte[size];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(2), (uint)size);
        return bytes;
    }
}
