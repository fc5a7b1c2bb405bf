using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Watchkeeper.Protocols.Http;

/// <summary>The result of walking the markers of a JPEG file.</summary>
/// <param name="Problem">Why the bytes are not a usable picture, or null when they are.</param>
public sealed record JpegInspection(int Width, int Height, string? Problem)
{
    public bool IsValid => Problem is null;

    public static JpegInspection Invalid(string problem) => new(0, 0, problem);
}

/// <summary>
/// Checks that bytes form a complete JPEG picture (ITU-T T.81 annex B): a start-of-image marker, segments whose
/// lengths fit, a baseline, extended or progressive frame header with plausible dimensions, at least one scan,
/// and an end-of-image marker. It does not decode the picture.
/// </summary>
public static class JpegInspector
{
    /// <summary>Smallest plausible width or height, far below the smallest camera format (QCIF, 176x144).</summary>
    public const int MinDimension = 16;

    /// <summary>Largest plausible width or height, twice the width of an 8K picture (7680x4320).</summary>
    public const int MaxDimension = 16_384;

    private const byte MarkerPrefix = 0xFF;
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;

    public static JpegInspection Inspect(ReadOnlySpan<byte> data)
    {
        if (data.Length < 2 || data[0] != MarkerPrefix || data[1] != StartOfImage)
        {
            return JpegInspection.Invalid($"the body does not start with the JPEG start-of-image marker FF D8; it starts with {Preview(data)}");
        }

        var position = 2;
        (int Width, int Height)? frame = null;
        var scans = 0;
        while (true)
        {
            if (position >= data.Length)
            {
                return Truncated(data.Length);
            }

            if (data[position] != MarkerPrefix)
            {
                return JpegInspection.Invalid($"byte {position} is {data[position]:X2} where a marker (FF) should start");
            }

            // Any number of FF fill bytes may precede a marker code (T.81 B.1.1.2).
            while (position < data.Length && data[position] == MarkerPrefix)
            {
                position++;
            }

            if (position >= data.Length)
            {
                return Truncated(data.Length);
            }

            var marker = data[position++];
            if (marker == EndOfImage)
            {
                return Finish(frame, scans);
            }

            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                continue;
            }

            if (marker == StartOfImage)
            {
                return JpegInspection.Invalid($"a second start-of-image marker at byte {position - 2}");
            }

            if (position + 2 > data.Length)
            {
                return Truncated(data.Length);
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            if (length < 2)
            {
                return JpegInspection.Invalid($"the segment FF {marker:X2} at byte {position - 2} declares the impossible length {length}");
            }

            if (position + length > data.Length)
            {
                return Truncated(data.Length);
            }

            if (IsFrameHeader(marker))
            {
                if (frame is not null)
                {
                    return JpegInspection.Invalid($"a second frame header FF {marker:X2} at byte {position - 2}");
                }

                var header = ReadFrameHeader(marker, data.Slice(position + 2, length - 2));
                if (!header.IsValid)
                {
                    return header;
                }

                frame = (header.Width, header.Height);
            }

            position += length;
            if (marker != StartOfScan)
            {
                continue;
            }

            if (frame is null)
            {
                return JpegInspection.Invalid("a scan (FF DA) comes before any frame header");
            }

            scans++;
            position = SkipEntropyCodedData(data, position);
            if (position < 0)
            {
                return Truncated(data.Length);
            }
        }
    }

    // T.81 table B.1: the frame markers SOF0..SOF15 are C0..CF, except DHT (C4), JPG (C8) and DAC (CC).
    private static bool IsFrameHeader(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    private static JpegInspection ReadFrameHeader(byte marker, ReadOnlySpan<byte> segment)
    {
        if (marker is not (0xC0 or 0xC1 or 0xC2))
        {
            return JpegInspection.Invalid($"the frame type FF {marker:X2} is not baseline, extended or progressive DCT, which cameras do not send");
        }

        // P (1 byte), Y (2), X (2), Nf (1), then 3 bytes per component (T.81 B.2.2).
        if (segment.Length < 6 || segment.Length != 6 + (3 * segment[5]))
        {
            return JpegInspection.Invalid($"the frame header FF {marker:X2} has {segment.Length + 2} bytes, which does not match its component count");
        }

        var height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
        var width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
        var components = segment[5];
        if (width is < MinDimension or > MaxDimension || height is < MinDimension or > MaxDimension)
        {
            return JpegInspection.Invalid($"the frame header gives the implausible size {width}x{height}");
        }

        if (components is not (1 or 3))
        {
            return JpegInspection.Invalid($"the frame header has {components} color components instead of 1 or 3");
        }

        return new JpegInspection(width, height, null);
    }

    /// <summary>Returns the position of the marker that ends a scan's coded data, or -1 when the data ends first.</summary>
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> data, int position)
    {
        while (true)
        {
            var next = data[position..].IndexOf(MarkerPrefix);
            if (next < 0)
            {
                return -1;
            }

            position += next;
            if (position + 1 >= data.Length)
            {
                return -1;
            }

            // FF 00 is a stuffed data byte and FF D0..D7 a restart marker; both belong to the coded data.
            var code = data[position + 1];
            if (code == 0x00 || code is >= 0xD0 and <= 0xD7)
            {
                position += 2;
                continue;
            }

            if (code == MarkerPrefix)
            {
                position++;
                continue;
            }

            return position;
        }
    }

    private static JpegInspection Finish((int Width, int Height)? frame, int scans)
    {
        if (frame is null)
        {
            return JpegInspection.Invalid("the picture ends without a frame header (SOF0, SOF1 or SOF2)");
        }

        return scans == 0
            ? JpegInspection.Invalid("the picture ends without any scan (FF DA)")
            : new JpegInspection(frame.Value.Width, frame.Value.Height, null);
    }

    private static JpegInspection Truncated(int length) =>
        JpegInspection.Invalid($"the picture is truncated: its {length} bytes end before the end-of-image marker FF D9");

    private static string Preview(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return "nothing (the body is empty)";
        }

        var head = data[..Math.Min(data.Length, 8)];
        var hex = Convert.ToHexString(head);
        var spaced = string.Join(' ', Enumerable.Range(0, head.Length).Select(i => hex.Substring(i * 2, 2)));
        var text = new StringBuilder();
        foreach (var value in head)
        {
            text.Append(value is >= 0x20 and < 0x7F ? (char)value : '.');
        }

        return string.Create(CultureInfo.InvariantCulture, $"{spaced} (\"{text}\")");
    }
}
