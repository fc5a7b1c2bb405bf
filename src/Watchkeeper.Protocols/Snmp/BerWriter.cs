namespace Watchkeeper.Protocols.Snmp;

/// <summary>
/// Writes definite-length BER (X.690) with minimal lengths and minimal integer encodings, as RFC 3417
/// section 8 requires of SNMP senders.
/// </summary>
internal sealed class BerWriter
{
    private readonly List<byte> _buffer = new(128);
    private readonly Stack<int> _openConstructed = new();

    /// <summary>Starts a constructed element (a SEQUENCE or a PDU); close it with <see cref="EndConstructed"/>.</summary>
    public void BeginConstructed(byte tag)
    {
        _buffer.Add(tag);
        _openConstructed.Push(_buffer.Count);
    }

    public void EndConstructed()
    {
        var contentStart = _openConstructed.Pop();
        var length = EncodeLength(_buffer.Count - contentStart);
        _buffer.InsertRange(contentStart, length);
    }

    public void WriteElement(byte tag, ReadOnlySpan<byte> contents)
    {
        _buffer.Add(tag);
        _buffer.AddRange(EncodeLength(contents.Length));
        _buffer.AddRange(contents);
    }

    public void WriteInteger(long value) => WriteElement(BerTag.Integer, EncodeSigned(value));

    public void WriteNull() => WriteElement(BerTag.Null, []);

    public byte[] ToArray()
    {
        if (_openConstructed.Count != 0)
        {
            throw new InvalidOperationException($"{_openConstructed.Count} constructed elements were begun but not ended.");
        }

        return [.. _buffer];
    }

    /// <summary>Encodes the shortest two's-complement form of <paramref name="value"/> (X.690 section 8.3.2).</summary>
    public static byte[] EncodeSigned(long value)
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, value);

        var start = 0;
        while (start < 7 && IsRedundant(bytes[start], bytes[start + 1]))
        {
            start++;
        }

        return bytes[start..];

        // A leading 0x00 before a byte without its top bit, or 0xFF before one with it, adds nothing.
        static bool IsRedundant(byte first, byte next) =>
            (first == 0x00 && (next & 0x80) == 0) || (first == 0xFF && (next & 0x80) != 0);
    }

    /// <summary>Encodes a non-negative value, with a leading zero byte when its top bit is set.</summary>
    public static byte[] EncodeUnsigned(ulong value)
    {
        var bytes = new byte[9];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(1), value);

        var start = 0;
        while (start < 8 && bytes[start] == 0 && (bytes[start + 1] & 0x80) == 0)
        {
            start++;
        }

        return bytes[start..];
    }

    private static byte[] EncodeLength(int length)
    {
        if (length < 0x80)
        {
            return [(byte)length];
        }

        var significant = length switch
        {
            <= 0xFF => 1,
            <= 0xFFFF => 2,
            <= 0xFFFFFF => 3,
            _ => 4,
        };

        var encoded = new byte[significant + 1];
        encoded[0] = (byte)(0x80 | significant);
        for (var i = 0; i < significant; i++)
        {
            encoded[significant - i] = (byte)(length >> (8 * i));
        }

        return encoded;
    }
}
