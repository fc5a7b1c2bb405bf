namespace Watchkeeper.Protocols.Snmp;

/// <summary>The SNMP message versions this client speaks; the numbers are the wire values.</summary>
public enum SnmpVersion
{
    V1 = 0,
    V2c = 1,
}

/// <summary>PDU identifiers (RFC 3416 section 3).</summary>
public enum SnmpPduType : byte
{
    GetRequest = 0xA0,
    GetNextRequest = 0xA1,
    Response = 0xA2,
    SetRequest = 0xA3,
    GetBulkRequest = 0xA5,
    InformRequest = 0xA6,
    SnmpV2Trap = 0xA7,
    Report = 0xA8,
}

/// <summary>The error-status of a Response PDU (RFC 3416 section 3).</summary>
public enum SnmpErrorStatus
{
    NoError = 0,
    TooBig = 1,
    NoSuchName = 2,
    BadValue = 3,
    ReadOnly = 4,
    GenErr = 5,
    NoAccess = 6,
    WrongType = 7,
    WrongLength = 8,
    WrongEncoding = 9,
    WrongValue = 10,
    NoCreation = 11,
    InconsistentValue = 12,
    ResourceUnavailable = 13,
    CommitFailed = 14,
    UndoFailed = 15,
    AuthorizationError = 16,
    NotWritable = 17,
    InconsistentName = 18,
}

public sealed record VarBind(ObjectIdentifier Oid, SnmpValue Value);

/// <param name="ErrorIndex">1-based index of the variable binding the error is about; 0 when none.</param>
public sealed record SnmpPdu(SnmpPduType Type, int RequestId, SnmpErrorStatus ErrorStatus, int ErrorIndex, IReadOnlyList<VarBind> VarBinds)
{
    /// <summary>Creates a GetRequest for <paramref name="oids"/>; each binding carries NULL, as RFC 3416 section 4.2.1 requires.</summary>
    public static SnmpPdu GetRequest(int requestId, IEnumerable<ObjectIdentifier> oids) =>
        new(SnmpPduType.GetRequest, requestId, SnmpErrorStatus.NoError, 0, oids.Select(oid => new VarBind(oid, SnmpValue.Null)).ToList());
}

/// <summary>A community-based SNMP message: version, community and one PDU (RFC 1157 section 4, RFC 1901).</summary>
public sealed record SnmpMessage(SnmpVersion Version, string Community, SnmpPdu Pdu)
{
    /// <summary>Maximum number of variable bindings decoded from one message; far above any response to this client's requests.</summary>
    public const int MaxVarBinds = 1024;

    public byte[] Encode()
    {
        var writer = new BerWriter();
        writer.BeginConstructed(BerTag.Sequence);
        writer.WriteInteger((int)Version);
        writer.WriteElement(BerTag.OctetString, System.Text.Encoding.UTF8.GetBytes(Community));

        writer.BeginConstructed((byte)Pdu.Type);
        writer.WriteInteger(Pdu.RequestId);
        writer.WriteInteger((int)Pdu.ErrorStatus);
        writer.WriteInteger(Pdu.ErrorIndex);
        writer.BeginConstructed(BerTag.Sequence);
        foreach (var varBind in Pdu.VarBinds)
        {
            writer.BeginConstructed(BerTag.Sequence);
            writer.WriteElement(BerTag.ObjectIdentifier, varBind.Oid.EncodeContents());
            varBind.Value.Encode(writer);
            writer.EndConstructed();
        }

        writer.EndConstructed();
        writer.EndConstructed();
        writer.EndConstructed();
        return writer.ToArray();
    }

    /// <summary>Decodes one message; raises <see cref="SnmpFormatException"/> for anything malformed or left over.</summary>
    public static SnmpMessage Decode(ReadOnlySpan<byte> datagram)
    {
        var outer = new BerReader(datagram);
        var message = outer.ReadConstructed(BerTag.Sequence, "message SEQUENCE");
        outer.EnsureEnd("the message");

        var versionNumber = message.ReadInt32("version");
        if (versionNumber is not ((int)SnmpVersion.V1 or (int)SnmpVersion.V2c))
        {
            throw new SnmpFormatException($"version {versionNumber} is not SNMPv1 or SNMPv2c");
        }

        var community = message.ReadOctetStringAsText("community");
        var pdu = DecodePdu(ref message);
        message.EnsureEnd("the message SEQUENCE");
        return new SnmpMessage((SnmpVersion)versionNumber, community, pdu);
    }

    private static SnmpPdu DecodePdu(ref BerReader message)
    {
        var tag = message.PeekTag();
        if (!Enum.IsDefined((SnmpPduType)tag))
        {
            throw new SnmpFormatException($"PDU type 0x{tag:X2} is not an SNMPv2 PDU");
        }

        var pdu = message.ReadConstructed(tag, "PDU");
        var requestId = pdu.ReadInt32("request-id");
        var errorStatus = pdu.ReadInt32("error-status");
        var errorIndex = pdu.ReadInt32("error-index");
        var list = pdu.ReadConstructed(BerTag.Sequence, "variable-bindings SEQUENCE");
        pdu.EnsureEnd("the PDU");

        var varBinds = new List<VarBind>();
        while (list.HasMore)
        {
            if (varBinds.Count == MaxVarBinds)
            {
                throw new SnmpFormatException($"more than {MaxVarBinds} variable bindings");
            }

            var varBind = list.ReadConstructed(BerTag.Sequence, "VarBind SEQUENCE");
            var oid = ObjectIdentifier.DecodeContents(varBind.ReadElement(BerTag.ObjectIdentifier, "VarBind name"));
            var contents = varBind.ReadElement(out var valueTag);
            varBinds.Add(new VarBind(oid, SnmpValue.Decode(valueTag, contents)));
            varBind.EnsureEnd($"the VarBind of {oid}");
        }

        return new SnmpPdu((SnmpPduType)tag, requestId, (SnmpErrorStatus)errorStatus, errorIndex, varBinds);
    }
}
