using System.Buffers.Binary;

namespace Watchkeeper.Protocols.Snmp;

/// <summary>
/// Reads definite-length BER elements (X.690) from a buffer, checking every length against the bytes that
/// are really there. Malformed input raises <see cref="SnmpFormatException"/>, never an index exception.
/// </summary>
internal ref struct BerReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public BerReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    public readonly bool HasMore => _position < _data.Length;

    public readonly int Remaining => _data.Length - _position;

    /// <summary>Returns the identifier octet of the next element without consuming it.</summary>
    public readonly byte PeekTag()
    {
        if (!HasMore)
        {
            throw new SnmpFormatException("expected another element but the data ended");
        }

        return _data[_position];
    }

    /// <summary>Reads one element; returns its identifier octet and its contents.</summary>
    public ReadOnlySpan<byte> ReadElement(out byte tag)
    {
        if (!HasMore)
        {
            throw new SnmpFormatException("expected another element but the data ended");
        }

        var start = _position;
        tag = _data[_position++];
        if ((tag & BerTag.HighTagNumberForm) == BerTag.HighTagNumberForm)
        {
            throw new SnmpFormatException($"identifier 0x{tag:X2} at offset {start} uses the high tag number form, which SNMP never sends");
        }

        var length = ReadLength(tag, start);
        if (length > Remaining)
        {
            throw new SnmpFormatException(
                $"element 0x{tag:X2} at offset {start} declares {length} content bytes but only {Remaining} remain (truncated or oversized length)");
        }

        var contents = _data.Slice(_position, length);
        _position += length;
        return contents;
    }

    /// <summary>Reads one element whose identifier must be <paramref name="expectedTag"/>.</summary>
    public ReadOnlySpan<byte> ReadElement(byte expectedTag, string what)
    {
        var offset = _position;
        var contents = ReadElement(out var tag);
        if (tag != expectedTag)
        {
            throw new SnmpFormatException($"expected {what} (0x{expectedTag:X2}) at offset {offset} but found 0x{tag:X2}");
        }

        return contents;
    }

    /// <summary>Reads a constructed element and returns a reader over its contents.</summary>
    public BerReader ReadConstructed(byte expectedTag, string what) => new(ReadElement(expectedTag, what));

    /// <summary>Reads an INTEGER that must fit Integer32 (RFC 2578 section 7.1.1).</summary>
    public int ReadInt32(string what)
    {
        var value = DecodeSigned(ReadElement(BerTag.Integer, what), what);
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new SnmpFormatException($"{what} {value} does not fit a 32-bit INTEGER");
        }

        return (int)value;
    }

    public string ReadOctetStringAsText(string what) =>
        System.Text.Encoding.UTF8.GetString(ReadElement(BerTag.OctetString, what));

    /// <summary>Fails unless every byte has been read, so that trailing garbage is not silently accepted.</summary>
    public readonly void EnsureEnd(string what)
    {
        if (HasMore)
        {
            throw new SnmpFormatException($"{Remaining} unexpected bytes after the end of {what}");
        }
    }

    /// <summary>Decodes two's-complement contents of at most 8 bytes (X.690 section 8.3).</summary>
    public static long DecodeSigned(ReadOnlySpan<byte> contents, string what)
    {
        if (contents.Length == 0)
        {
            throw new SnmpFormatException($"{what} has no content bytes");
        }

        if (contents.Length > 8)
        {
            throw new SnmpFormatException($"{what} has {contents.Length} content bytes, too many for a 64-bit integer");
        }

        long value = (sbyte)contents[0];
        for (var i = 1; i < contents.Length; i++)
        {
            value = (value << 8) | contents[i];
        }

        return value;
    }

    /// <summary>Decodes non-negative contents of at most <paramref name="maxBits"/> bits, allowing the leading zero byte BER needs.</summary>
    public static ulong DecodeUnsigned(ReadOnlySpan<byte> contents, int maxBits, string what)
    {
        if (contents.Length == 0)
        {
            throw new SnmpFormatException($"{what} has no content bytes");
        }

        var maxLength = (maxBits / 8) + 1;
        if (contents.Length > maxLength)
        {
            throw new SnmpFormatException($"{what} has {contents.Length} content bytes, more than a {maxBits}-bit value needs");
        }

        if (contents.Length == maxLength && contents[0] != 0)
        {
            throw new SnmpFormatException($"{what} is larger than {maxBits} bits");
        }

        ulong value = 0;
        foreach (var octet in contents)
        {
            value = (value << 8) | octet;
        }

        // Some agents send a 32-bit counter above 2^31 without the leading zero byte, which BER reads as a
        // negative number. Net-SNMP accepts this, and so do we: the value is the unsigned reading of the bits.
        return value;
    }

    private int ReadLength(byte tag, int elementOffset)
    {
        if (!HasMore)
        {
            throw new SnmpFormatException($"element 0x{tag:X2} at offset {elementOffset} ends before its length");
        }

        var first = _data[_position++];
        if (first < 0x80)
        {
            return first;
        }

        if (first == 0x80)
        {
            throw new SnmpFormatException($"element 0x{tag:X2} at offset {elementOffset} uses the indefinite length form, which SNMP forbids");
        }

        var lengthBytes = first & 0x7F;
        if (lengthBytes > 4)
        {
            throw new SnmpFormatException($"element 0x{tag:X2} at offset {elementOffset} has a {lengthBytes}-byte length field");
        }

        if (lengthBytes > Remaining)
        {
            throw new SnmpFormatException($"element 0x{tag:X2} at offset {elementOffset} ends inside its length field");
        }

        Span<byte> buffer = stackalloc byte[4];
        buffer.Clear();
        _data.Slice(_position, lengthBytes).CopyTo(buffer[(4 - lengthBytes)..]);
        _position += lengthBytes;

        var length = BinaryPrimitives.ReadUInt32BigEndian(buffer);
        if (length > int.MaxValue)
        {
            throw new SnmpFormatException($"element 0x{tag:X2} at offset {elementOffset} declares {length} content bytes");
        }

        return (int)length;
    }
}
