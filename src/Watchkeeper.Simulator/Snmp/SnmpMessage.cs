namespace Watchkeeper.Simulator.Snmp;

/// <summary>
/// A community-based SNMP request (RFC 1901 message, RFC 3416 PDUs): the version, the community and one PDU.
/// </summary>
internal sealed record SnmpRequest(
    int Version,
    byte[] Community,
    byte PduType,
    int RequestId,
    int NonRepeaters,
    int MaxRepetitions,
    IReadOnlyList<ObjectIdentifier> Names)
{
    /// <summary>SNMPv2c's version field (RFC 1901); SNMPv1 sends 0.</summary>
    public const int Version2c = 1;

    private const int MaxBindings = 256;

    /// <summary>Decodes <paramref name="datagram"/>; returns null and the reason when it is not a well-formed request.</summary>
    public static SnmpRequest? TryDecode(ReadOnlySpan<byte> datagram, out string? error)
    {
        try
        {
            var request = Decode(datagram);
            error = null;
            return request;
        }
        catch (BerFormatException exception)
        {
            error = exception.Message;
            return null;
        }
    }

    private static SnmpRequest Decode(ReadOnlySpan<byte> datagram)
    {
        var outer = new BerReader(datagram);
        var message = outer.ReadElement(BerTag.Sequence);
        var version = message.ReadInteger();
        var community = message.ReadOctetString();
        var pdu = message.ReadElement(out var pduType);

        var requestId = pdu.ReadInteger();
        var second = pdu.ReadInteger();
        var third = pdu.ReadInteger();
        var bindings = pdu.ReadElement(BerTag.Sequence);

        var names = new List<ObjectIdentifier>();
        while (!bindings.IsEmpty)
        {
            if (names.Count == MaxBindings)
            {
                throw new BerFormatException($"more than {MaxBindings} variable bindings");
            }

            var binding = bindings.ReadElement(BerTag.Sequence);
            names.Add(binding.ReadObjectIdentifier());
            binding.Skip();
        }

        // GetBulkRequest reuses error-status and error-index as non-repeaters and max-repetitions (RFC 3416 §4.2.3).
        var isBulk = pduType == BerTag.GetBulkRequest;
        return new SnmpRequest(version, community, pduType, requestId, isBulk ? second : 0, isBulk ? third : 0, names);
    }
}

/// <summary>Encodes the Response-PDU of SNMPv2c (RFC 3416 §4.2).</summary>
internal static class SnmpResponse
{
    public const int NoError = 0;
    public const int TooBig = 1;
    public const int NoAccess = 6;

    public static byte[] Encode(SnmpRequest request, int errorStatus, int errorIndex, IEnumerable<byte[]> encodedBindings)
    {
        var pdu = BerWriter.Constructed(BerTag.Response,
        [
            BerWriter.Integer(request.RequestId),
            BerWriter.Integer(errorStatus),
            BerWriter.Integer(errorIndex),
            BerWriter.Constructed(BerTag.Sequence, encodedBindings),
        ]);

        return BerWriter.Constructed(BerTag.Sequence,
        [
            BerWriter.Integer(request.Version),
            BerWriter.OctetString(request.Community),
            pdu,
        ]);
    }
}
