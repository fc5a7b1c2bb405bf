using System.Buffers.Binary;

namespace Watchkeeper.Simulator.Snmp;

/// <summary>The ASN.1 BER tags that SNMPv2c messages use (X.690; RFC 3416 §3 for the context and application tags).</summary>
internal static class BerTag
{
    public const byte Integer = 0x02;
    public const byte OctetString = 0x04;
    public const byte Null = 0x05;
    public const byte ObjectIdentifier = 0x06;
    public const byte Sequence = 0x30;
    public const byte Counter32 = 0x41;
    public const byte Gauge32 = 0x42;
    public const byte TimeTicks = 0x43;
    public const byte NoSuchObject = 0x80;
    public const byte NoSuchInstance = 0x81;
    public const byte EndOfMibView = 0x82;
    public const byte GetRequest = 0xA0;
    public const byte GetNextRequest = 0xA1;
    public const byte Response = 0xA2;
    public const byte SetRequest = 0xA3;
    public const byte GetBulkRequest = 0xA5;
}

/// <summary>A datagram that is not the BER encoding of an SNMP message.</summary>
internal sealed class BerFormatException(string message) : Exception(message);

/// <summary>Reads definite-length BER (X.690 §8.1) from one datagram; every length is checked against what remains.</summary>
internal ref struct BerReader(ReadOnlySpan<byte> data)
{
    private const int MaxOidArcs = 128;

    private ReadOnlySpan<byte> _data = data;

    public readonly bool IsEmpty => _data.IsEmpty;

    /// <summary>Reads a tag and its length, and returns a reader over the contents.</summary>
    public BerReader ReadElement(out byte tag)
    {
        if (_data.Length < 2)
        {
            throw new BerFormatException("truncated element");
        }

        tag = _data[0];
        if ((tag & 0x1F) == 0x1F)
        {
            throw new BerFormatException("multi-byte tags are not used by SNMP");
        }

        var (length, headerLength) = ReadLength(_data[1..]);
        if (length > _data.Length - 1 - headerLength)
        {
            throw new BerFormatException($"length {length} exceeds the {_data.Length - 1 - headerLength} bytes left");
        }

        var contents = _data.Slice(1 + headerLength, length);
        _data = _data[(1 + headerLength + length)..];
        return new BerReader(contents);
    }

    public BerReader ReadElement(byte expectedTag)
    {
        var contents = ReadElement(out var tag);
        return tag == expectedTag ? contents : throw new BerFormatException($"expected tag 0x{expectedTag:X2}, found 0x{tag:X2}");
    }

    public int ReadInteger()
    {
        var contents = ReadElement(BerTag.Integer)._data;
        if (contents.IsEmpty || contents.Length > 4)
        {
            throw new BerFormatException($"an Integer32 of {contents.Length} bytes");
        }

        var value = (sbyte)contents[0];
        var result = (int)value;
        foreach (var octet in contents[1..])
        {
            result = (result << 8) | octet;
        }

        return result;
    }

    public byte[] ReadOctetString() => ReadElement(BerTag.OctetString)._data.ToArray();

    public ObjectIdentifier ReadObjectIdentifier()
    {
        var contents = ReadElement(BerTag.ObjectIdentifier)._data;
        if (contents.IsEmpty)
        {
            throw new BerFormatException("an empty object identifier");
        }

        var arcs = new List<uint>();
        var first = contents[0];
        arcs.Add(first < 80 ? (uint)first / 40 : 2u);
        arcs.Add(first < 80 ? (uint)first % 40 : (uint)first - 80);

        ulong arc = 0;
        var started = false;
        foreach (var octet in contents[1..])
        {
            arc = (arc << 7) | (uint)(octet & 0x7F);
            started = true;
            if (arc > uint.MaxValue)
            {
                throw new BerFormatException("an object identifier arc beyond 32 bits");
            }

            if ((octet & 0x80) == 0)
            {
                arcs.Add((uint)arc);
                arc = 0;
                started = false;
                if (arcs.Count > MaxOidArcs)
                {
                    throw new BerFormatException($"an object identifier of more than {MaxOidArcs} arcs");
                }
            }
        }

        return started ? throw new BerFormatException("a truncated object identifier arc") : new ObjectIdentifier([.. arcs]);
    }

    /// <summary>Skips one element of any type, such as the NULL value of a requested variable binding.</summary>
    public void Skip() => ReadElement(out _);

    private static (int Length, int HeaderLength) ReadLength(ReadOnlySpan<byte> data)
    {
        var first = data[0];
        if (first < 0x80)
        {
            return (first, 1);
        }

        var count = first & 0x7F;
        if (count == 0)
        {
            throw new BerFormatException("indefinite lengths are not allowed in SNMP");
        }

        if (count > 3 || data.Length < 1 + count)
        {
            throw new BerFormatException($"a length of {count} bytes");
        }

        Span<byte> padded = stackalloc byte[4];
        data.Slice(1, count).CopyTo(padded[(4 - count)..]);
        return (BinaryPrimitives.ReadInt32BigEndian(padded), 1 + count);
    }
}

/// <summary>Writes BER from the inside out: each helper returns one complete element.</summary>
internal static class BerWriter
{
    public static byte[] Element(byte tag, ReadOnlySpan<byte> contents)
    {
        Span<byte> length = stackalloc byte[5];
        var lengthSize = WriteLength(length, contents.Length);
        var element = new byte[1 + lengthSize + contents.Length];
        element[0] = tag;
        length[..lengthSize].CopyTo(element.AsSpan(1));
        contents.CopyTo(element.AsSpan(1 + lengthSize));
        return element;
    }

    public static byte[] Constructed(byte tag, IEnumerable<byte[]> elements) =>
        Element(tag, elements.SelectMany(element => element).ToArray());

    public static byte[] Integer(long value)
    {
        // X.690 §8.3: two's complement in the fewest octets.
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        var start = 0;
        while (start < 7 && ((bytes[start] == 0x00 && (bytes[start + 1] & 0x80) == 0) || (bytes[start] == 0xFF && (bytes[start + 1] & 0x80) != 0)))
        {
            start++;
        }

        return Element(BerTag.Integer, bytes[start..]);
    }

    /// <summary>An unsigned 32-bit application type (Counter32, Gauge32, TimeTicks), encoded as a non-negative INTEGER.</summary>
    public static byte[] Unsigned32(byte tag, uint value)
    {
        var integer = Integer(value);
        integer[0] = tag;
        return integer;
    }

    public static byte[] OctetString(ReadOnlySpan<byte> value) => Element(BerTag.OctetString, value);

    public static byte[] Null(byte tag = BerTag.Null) => [tag, 0x00];

    public static byte[] ObjectIdentifier(ObjectIdentifier oid)
    {
        var arcs = oid.Arcs;
        var contents = new List<byte> { checked((byte)(arcs[0] * 40 + arcs[1])) };
        Span<byte> base128 = stackalloc byte[5];
        foreach (var arc in arcs[2..])
        {
            var position = base128.Length;
            var remaining = arc;
            do
            {
                position--;
                var continuation = position == base128.Length - 1 ? 0x00 : 0x80;
                base128[position] = (byte)((int)(remaining & 0x7F) | continuation);
                remaining >>= 7;
            }
            while (remaining != 0);

            contents.AddRange(base128[position..]);
        }

        return Element(BerTag.ObjectIdentifier, contents.ToArray());
    }

    private static int WriteLength(Span<byte> destination, int length)
    {
        if (length < 0x80)
        {
            destination[0] = (byte)length;
            return 1;
        }

        var size = 3;
        if (length <= 0xFF)
        {
            size = 1;
        }
        else if (length <= 0xFFFF)
        {
            size = 2;
        }
        destination[0] = (byte)(0x80 | size);
        for (var i = 0; i < size; i++)
        {
            destination[size - i] = (byte)(length >> (8 * i));
        }

        return 1 + size;
    }
}
