using System.Buffers.Binary;

namespace Watchkeeper.Server.Diagnosis.Frames;

/// <summary>
/// Cuts the pictures that ffmpeg's image2pipe muxer writes back to back: BMP files by the size in their header,
/// JPEG files at their end-of-image marker. Refuses any picture larger than the cap before buffering it.
/// </summary>
internal sealed class FrameStreamSplitter(FrameFormat format, int maxFrameBytes)
{
    private const int BmpHeaderBytes = 14;

    private readonly MemoryStream _pending = new();
    private readonly List<byte[]> _frames = [];
    private int _jpegScanFrom;

    public IReadOnlyList<byte[]> Frames => _frames;

    /// <summary>Set when the input is not what the format promises, or a picture exceeds the cap; nothing more is read.</summary>
    public string? Problem { get; private set; }

    public bool TooLarge { get; private set; }

    /// <summary>Bytes of an incomplete picture at the end, for messages.</summary>
    public long PendingBytes => _pending.Length;

    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (Problem is not null)
        {
            return;
        }

        _pending.Write(chunk);
        while (Problem is null && TryCut())
        {
        }
    }

    private bool TryCut() => format == FrameFormat.Bmp ? TryCutBmp() : TryCutJpeg();

    private bool TryCutBmp()
    {
        var buffer = _pending.GetBuffer().AsSpan(0, (int)_pending.Length);
        if (buffer.Length < BmpHeaderBytes)
        {
            return false;
        }

        // BITMAPFILEHEADER: "BM", then the file size as a little-endian 32-bit number.
        if (buffer[0] != (byte)'B' || buffer[1] != (byte)'M')
        {
            Problem = $"ffmpeg wrote bytes {Convert.ToHexString(buffer[..2])} where a BMP file should start";
            return false;
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(buffer[2..]);
        if (size > maxFrameBytes)
        {
            TooLarge = true;
            Problem = $"a frame of {size} bytes exceeds the limit of {maxFrameBytes} bytes";
            return false;
        }

        if (size < BmpHeaderBytes + 40)
        {
            Problem = $"a BMP header declares the impossible size {size}";
            return false;
        }

        if (buffer.Length < size)
        {
            return false;
        }

        Take((int)size);
        return true;
    }

    private bool TryCutJpeg()
    {
        var buffer = _pending.GetBuffer().AsSpan(0, (int)_pending.Length);
        if (buffer.Length >= 2 && (buffer[0] != 0xFF || buffer[1] != 0xD8))
        {
            Problem = $"ffmpeg wrote bytes {Convert.ToHexString(buffer[..2])} where a JPEG file should start";
            return false;
        }

        // ffmpeg's mjpeg encoder writes no embedded thumbnails, and coded data stuffs every FF with 00, so the first
        // FF D9 ends the picture (ITU-T T.81 B.1.1.5).
        for (var i = Math.Max(2, _jpegScanFrom); i + 1 < buffer.Length; i++)
        {
            if (buffer[i] == 0xFF && buffer[i + 1] == 0xD9)
            {
                _jpegScanFrom = 0;
                Take(i + 2);
                return true;
            }
        }

        _jpegScanFrom = Math.Max(2, buffer.Length - 1);
        if (buffer.Length > maxFrameBytes)
        {
            TooLarge = true;
            Problem = $"a frame exceeds the limit of {maxFrameBytes} bytes";
        }

        return false;
    }

    private void Take(int size)
    {
        var buffer = _pending.GetBuffer();
        _frames.Add(buffer.AsSpan(0, size).ToArray());
        var rest = (int)_pending.Length - size;
        Buffer.BlockCopy(buffer, size, buffer, 0, rest);
        _pending.SetLength(rest);
    }
}
