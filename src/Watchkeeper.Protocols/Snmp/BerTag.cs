namespace Watchkeeper.Protocols.Snmp;

/// <summary>The BER identifier octets SNMP uses (X.690, RFC 1157 section 4, RFC 3416 section 3).</summary>
internal static class BerTag
{
    public const byte Integer = 0x02;
    public const byte OctetString = 0x04;
    public const byte Null = 0x05;
    public const byte ObjectIdentifier = 0x06;
    public const byte Sequence = 0x30;

    /// <summary>The low five bits of an identifier octet that mean "the tag number follows in more octets".</summary>
    public const byte HighTagNumberForm = 0x1F;
}
