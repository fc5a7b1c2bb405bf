namespace Watchkeeper.Protocols.Snmp;

/// <summary>Raised when bytes are not a well-formed BER encoding of an SNMP message.</summary>
public sealed class SnmpFormatException(string message) : FormatException(message);
