using System.Globalization;
using System.Net;

namespace Watchkeeper.Protocols.Snmp;

/// <summary>The types a variable binding may carry (RFC 2578 section 7.1, RFC 3416 section 3).</summary>
public enum SnmpValueType : byte
{
    Integer = 0x02,
    OctetString = 0x04,
    Null = 0x05,
    ObjectIdentifier = 0x06,
    IpAddress = 0x40,
    Counter32 = 0x41,
    Gauge32 = 0x42,
    TimeTicks = 0x43,
    Opaque = 0x44,
    Counter64 = 0x46,

    /// <summary>The agent implements no object of this type at the OID (SNMPv2 exception).</summary>
    NoSuchObject = 0x80,

    /// <summary>The object exists but has no instance at this index, e.g. an ifIndex the device lacks.</summary>
    NoSuchInstance = 0x81,

    /// <summary>A GetNext or GetBulk walked past the last OID the agent has.</summary>
    EndOfMibView = 0x82,
}

/// <summary>The value of one variable binding.</summary>
public sealed class SnmpValue
{
    private readonly long _number;
    private readonly byte[] _bytes;
    private readonly ObjectIdentifier? _objectIdentifier;

    private SnmpValue(SnmpValueType type, long number = 0, byte[]? bytes = null, ObjectIdentifier? objectIdentifier = null)
    {
        Type = type;
        _number = number;
        _bytes = bytes ?? [];
        _objectIdentifier = objectIdentifier;
    }

    public SnmpValueType Type { get; }

    /// <summary>True for noSuchObject, noSuchInstance and endOfMibView.</summary>
    public bool IsException => Type is SnmpValueType.NoSuchObject or SnmpValueType.NoSuchInstance or SnmpValueType.EndOfMibView;

    public static SnmpValue Null { get; } = new(SnmpValueType.Null);

    public static SnmpValue Integer(int value) => new(SnmpValueType.Integer, value);

    public static SnmpValue OctetString(ReadOnlySpan<byte> value) => new(SnmpValueType.OctetString, bytes: value.ToArray());

    public static SnmpValue Oid(ObjectIdentifier value) => new(SnmpValueType.ObjectIdentifier, objectIdentifier: value);

    public static SnmpValue IpAddress(IPAddress value)
    {
        var bytes = value.GetAddressBytes();
        return bytes.Length == 4
            ? new(SnmpValueType.IpAddress, bytes: bytes)
            : throw new ArgumentException("SNMP IpAddress carries IPv4 addresses only.", nameof(value));
    }

    public static SnmpValue Counter32(uint value) => new(SnmpValueType.Counter32, value);

    public static SnmpValue Gauge32(uint value) => new(SnmpValueType.Gauge32, value);

    /// <summary>Creates a TimeTicks value, in hundredths of a second.</summary>
    public static SnmpValue TimeTicks(uint hundredths) => new(SnmpValueType.TimeTicks, hundredths);

    public static SnmpValue Counter64(ulong value) => new(SnmpValueType.Counter64, unchecked((long)value));

    public static SnmpValue Exception(SnmpValueType type) => type is SnmpValueType.NoSuchObject or SnmpValueType.NoSuchInstance or SnmpValueType.EndOfMibView
        ? new(type)
        : throw new ArgumentException($"{type} is not an SNMPv2 exception.", nameof(type));

    /// <summary>The number an Integer, Counter32, Gauge32 or TimeTicks carries.</summary>
    public long ToInt64() => Type is SnmpValueType.Integer or SnmpValueType.Counter32 or SnmpValueType.Gauge32 or SnmpValueType.TimeTicks
        ? _number
        : throw new InvalidOperationException($"An SNMP {Type} value has no 32-bit number.");

    public ulong ToUInt64() => Type switch
    {
        SnmpValueType.Counter64 => unchecked((ulong)_number),
        SnmpValueType.Counter32 or SnmpValueType.Gauge32 or SnmpValueType.TimeTicks => (ulong)_number,
        _ => throw new InvalidOperationException($"An SNMP {Type} value has no unsigned number."),
    };

    /// <summary>The bytes of an OctetString, IpAddress or Opaque value; empty for other types.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    public ObjectIdentifier ToObjectIdentifier() =>
        _objectIdentifier ?? throw new InvalidOperationException($"An SNMP {Type} value is not an OBJECT IDENTIFIER.");

    /// <summary>Renders the value for logs and probe details; octet strings show as text when they are printable.</summary>
    public override string ToString() => Type switch
    {
        SnmpValueType.Integer or SnmpValueType.Counter32 or SnmpValueType.Gauge32 => _number.ToString(CultureInfo.InvariantCulture),
        SnmpValueType.TimeTicks => $"{_number.ToString(CultureInfo.InvariantCulture)} ({TimeSpan.FromMilliseconds(_number * 10.0):d\\.hh\\:mm\\:ss})",
        SnmpValueType.Counter64 => unchecked((ulong)_number).ToString(CultureInfo.InvariantCulture),
        SnmpValueType.OctetString => _bytes.All(b => b is >= 0x20 and < 0x7F) ? System.Text.Encoding.ASCII.GetString(_bytes) : Convert.ToHexString(_bytes),
        SnmpValueType.IpAddress => new IPAddress(_bytes).ToString(),
        SnmpValueType.ObjectIdentifier => _objectIdentifier!.ToString(),
        SnmpValueType.Opaque => Convert.ToHexString(_bytes),
        SnmpValueType.Null => "NULL",
        SnmpValueType.NoSuchObject => "noSuchObject",
        SnmpValueType.NoSuchInstance => "noSuchInstance",
        SnmpValueType.EndOfMibView => "endOfMibView",
        _ => Type.ToString(),
    };

    internal void Encode(BerWriter writer)
    {
        switch (Type)
        {
            case SnmpValueType.Integer:
                writer.WriteElement((byte)Type, BerWriter.EncodeSigned(_number));
                break;
            case SnmpValueType.Counter32 or SnmpValueType.Gauge32 or SnmpValueType.TimeTicks or SnmpValueType.Counter64:
                writer.WriteElement((byte)Type, BerWriter.EncodeUnsigned(unchecked((ulong)_number)));
                break;
            case SnmpValueType.ObjectIdentifier:
                writer.WriteElement((byte)Type, _objectIdentifier!.EncodeContents());
                break;
            default:
                writer.WriteElement((byte)Type, _bytes);
                break;
        }
    }

    internal static SnmpValue Decode(byte tag, ReadOnlySpan<byte> contents)
    {
        var type = (SnmpValueType)tag;
        switch (type)
        {
            case SnmpValueType.Integer:
                var integer = BerReader.DecodeSigned(contents, "INTEGER value");
                return integer is >= int.MinValue and <= int.MaxValue
                    ? Integer((int)integer)
                    : throw new SnmpFormatException($"INTEGER value {integer} does not fit 32 bits");
            case SnmpValueType.Counter32 or SnmpValueType.Gauge32 or SnmpValueType.TimeTicks:
                return new(type, (long)BerReader.DecodeUnsigned(contents, 32, $"{type} value"));
            case SnmpValueType.Counter64:
                return Counter64(BerReader.DecodeUnsigned(contents, 64, "Counter64 value"));
            case SnmpValueType.OctetString or SnmpValueType.Opaque:
                return new(type, bytes: contents.ToArray());
            case SnmpValueType.IpAddress:
                return contents.Length == 4
                    ? new(type, bytes: contents.ToArray())
                    : throw new SnmpFormatException($"IpAddress value has {contents.Length} bytes instead of 4");
            case SnmpValueType.ObjectIdentifier:
                return Oid(ObjectIdentifier.DecodeContents(contents));
            case SnmpValueType.Null or SnmpValueType.NoSuchObject or SnmpValueType.NoSuchInstance or SnmpValueType.EndOfMibView:
                return contents.Length == 0
                    ? new(type)
                    : throw new SnmpFormatException($"{type} value carries {contents.Length} content bytes instead of none");
            default:
                throw new SnmpFormatException($"variable binding value has the unknown type 0x{tag:X2}");
        }
    }
}
