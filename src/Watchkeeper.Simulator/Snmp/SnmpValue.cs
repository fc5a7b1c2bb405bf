using System.Text;

namespace Watchkeeper.Simulator.Snmp;

/// <summary>A value in a variable binding (RFC 3416 §3 ObjectSyntax), or one of the three exceptions.</summary>
internal readonly record struct SnmpValue(byte Tag, long Number = 0, byte[]? Bytes = null, ObjectIdentifier? Oid = null)
{
    public static SnmpValue NoSuchObject => new(BerTag.NoSuchObject);

    public static SnmpValue NoSuchInstance => new(BerTag.NoSuchInstance);

    public static SnmpValue EndOfMibView => new(BerTag.EndOfMibView);

    public static SnmpValue Null => new(BerTag.Null);

    public static SnmpValue Integer(int value) => new(BerTag.Integer, value);

    public static SnmpValue OctetString(string value) => new(BerTag.OctetString, Bytes: Encoding.UTF8.GetBytes(value));

    public static SnmpValue ObjectId(ObjectIdentifier value) => new(BerTag.ObjectIdentifier, Oid: value);

    public static SnmpValue TimeTicks(uint hundredths) => new(BerTag.TimeTicks, hundredths);

    public static SnmpValue Gauge32(uint value) => new(BerTag.Gauge32, value);

    public static SnmpValue Counter32(uint value) => new(BerTag.Counter32, value);

    public byte[] Encode() => Tag switch
    {
        BerTag.Integer => BerWriter.Integer(Number),
        BerTag.OctetString => BerWriter.OctetString(Bytes),
        BerTag.ObjectIdentifier => BerWriter.ObjectIdentifier(Oid!),
        BerTag.Counter32 or BerTag.Gauge32 or BerTag.TimeTicks => BerWriter.Unsigned32(Tag, (uint)Number),
        _ => BerWriter.Null(Tag),
    };
}

/// <summary>An object instance and its value (RFC 3416 §3 VarBind).</summary>
internal sealed record VariableBinding(ObjectIdentifier Oid, SnmpValue Value)
{
    public byte[] Encode() => BerWriter.Constructed(BerTag.Sequence, [BerWriter.ObjectIdentifier(Oid), Value.Encode()]);
}
