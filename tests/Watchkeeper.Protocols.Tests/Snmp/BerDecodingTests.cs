using System.Net;
using Watchkeeper.Protocols.Snmp;

namespace Watchkeeper.Protocols.Tests.Snmp;

/// <summary>Decoding of hand-checked BER bytes (X.690, RFC 3416).</summary>
public sealed class BerDecodingTests
{
    // GetRequest, community "public", request-id 1, one binding: sysUpTime.0 = NULL. Checked by hand:
    // 30 26 | 02 01 01 (v2c) | 04 06 "public" | A0 19 | 02 01 01 | 02 01 00 | 02 01 00 | 30 0E | 30 0C | 06 08 2B 06 01 02 01 01 03 00 | 05 00
    private const string SysUpTimeGetRequest =
        "30 26 02 01 01 04 06 70 75 62 6C 69 63 A0 19 02 01 01 02 01 00 02 01 00 30 0E 30 0C 06 08 2B 06 01 02 01 01 03 00 05 00";

    // The Response to it: sysUpTime.0 = TimeTicks 123456 (0x01E240).
    private const string SysUpTimeResponse =
        "30 29 02 01 01 04 06 70 75 62 6C 69 63 A2 1C 02 01 01 02 01 00 02 01 00 30 11 30 0F 06 08 2B 06 01 02 01 01 03 00 43 03 01 E2 40";

    [Fact]
    public void Encode_SysUpTimeGetRequest_MatchesHandCheckedBytes()
    {
        var message = new SnmpMessage(SnmpVersion.V2c, "public", SnmpPdu.GetRequest(1, [ObjectIdentifier.Parse("1.3.6.1.2.1.1.3.0")]));

        Convert.ToHexString(message.Encode()).ShouldBe(Hex(SysUpTimeGetRequest));
    }

    [Fact]
    public void Decode_SysUpTimeResponse_ReadsEveryField()
    {
        var message = SnmpMessage.Decode(Bytes(SysUpTimeResponse));

        message.Version.ShouldBe(SnmpVersion.V2c);
        message.Community.ShouldBe("public");
        message.Pdu.Type.ShouldBe(SnmpPduType.Response);
        message.Pdu.RequestId.ShouldBe(1);
        message.Pdu.ErrorStatus.ShouldBe(SnmpErrorStatus.NoError);
        message.Pdu.VarBinds.Count.ShouldBe(1);
        message.Pdu.VarBinds[0].Oid.ToString().ShouldBe("1.3.6.1.2.1.1.3.0");
        message.Pdu.VarBinds[0].Value.Type.ShouldBe(SnmpValueType.TimeTicks);
        message.Pdu.VarBinds[0].Value.ToInt64().ShouldBe(123456);
    }

    [Theory]
    [InlineData("2B 06 01 04 01 8F 5B 05", "1.3.6.1.4.1.2011.5")]
    [InlineData("2B 06 01 02 01 02 02 01 08 81 00", "1.3.6.1.2.1.2.2.1.8.128")]
    [InlineData("2B 06 8F FF FF FF 7F", "1.3.6.4294967295")]
    [InlineData("88 37 03", "2.999.3")]
    [InlineData("00", "0.0")]
    public void ObjectIdentifier_MultiByteSubIdentifiers_DecodeAndEncode(string contents, string dotted)
    {
        ObjectIdentifier.DecodeContents(Bytes(contents)).ToString().ShouldBe(dotted);
        Convert.ToHexString(ObjectIdentifier.Parse(dotted).EncodeContents()).ShouldBe(Hex(contents));
    }

    [Theory]
    [InlineData("02 01 00", 0L)]
    [InlineData("02 01 7F", 127L)]
    [InlineData("02 02 00 80", 128L)]
    [InlineData("02 01 FF", -1L)]
    [InlineData("02 02 FF 7F", -129L)]
    [InlineData("02 04 7F FF FF FF", 2147483647L)]
    [InlineData("02 04 80 00 00 00", -2147483648L)]
    public void Integer_TwosComplement_Decodes(string element, long expected)
    {
        Decode(element).ToInt64().ShouldBe(expected);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(127L)]
    [InlineData(128L)]
    [InlineData(-1L)]
    [InlineData(-129L)]
    [InlineData(2147483647L)]
    [InlineData(-2147483648L)]
    public void Integer_Encoding_IsMinimalAndRoundTrips(long value)
    {
        var encoded = BerWriter.EncodeSigned(value);

        BerReader.DecodeSigned(encoded, "test").ShouldBe(value);
        if (encoded.Length > 1)
        {
            var redundantZero = encoded[0] == 0x00 && (encoded[1] & 0x80) == 0;
            var redundantOnes = encoded[0] == 0xFF && (encoded[1] & 0x80) != 0;
            (redundantZero || redundantOnes).ShouldBeFalse($"{Convert.ToHexString(encoded)} is not minimal");
        }
    }

    [Theory]
    [InlineData("41 01 05", SnmpValueType.Counter32, 5UL)]
    [InlineData("41 05 00 FF FF FF FF", SnmpValueType.Counter32, 4294967295UL)]
    [InlineData("41 04 FF FF FF FF", SnmpValueType.Counter32, 4294967295UL)]
    [InlineData("42 02 00 C8", SnmpValueType.Gauge32, 200UL)]
    [InlineData("43 03 01 E2 40", SnmpValueType.TimeTicks, 123456UL)]
    [InlineData("46 09 00 FF FF FF FF FF FF FF FF", SnmpValueType.Counter64, ulong.MaxValue)]
    [InlineData("46 05 01 00 00 00 00", SnmpValueType.Counter64, 4294967296UL)]
    public void UnsignedTypes_Decode(string element, SnmpValueType type, ulong expected)
    {
        var value = Decode(element);

        value.Type.ShouldBe(type);
        value.ToUInt64().ShouldBe(expected);
    }

    [Fact]
    public void OctetString_Decodes()
    {
        var value = Decode("04 05 73 77 2D 30 31");

        value.Type.ShouldBe(SnmpValueType.OctetString);
        value.ToString().ShouldBe("sw-01");
    }

    [Fact]
    public void IpAddress_Decodes()
    {
        var value = Decode("40 04 7F 00 00 01");

        value.Type.ShouldBe(SnmpValueType.IpAddress);
        value.ToString().ShouldBe(IPAddress.Loopback.ToString());
    }

    [Fact]
    public void ObjectIdentifierValue_Decodes()
    {
        Decode("06 07 2B 06 01 04 01 8F 5B").ToObjectIdentifier().ToString().ShouldBe("1.3.6.1.4.1.2011");
    }

    [Theory]
    [InlineData("05 00", SnmpValueType.Null)]
    [InlineData("80 00", SnmpValueType.NoSuchObject)]
    [InlineData("81 00", SnmpValueType.NoSuchInstance)]
    [InlineData("82 00", SnmpValueType.EndOfMibView)]
    public void EmptyTypes_Decode(string element, SnmpValueType type)
    {
        Decode(element).Type.ShouldBe(type);
    }

    [Fact]
    public void Length_LongForm_Decodes()
    {
        // An OCTET STRING of 200 bytes has the length 81 C8.
        var element = new byte[203];
        element[0] = 0x04;
        element[1] = 0x81;
        element[2] = 0xC8;
        Array.Fill(element, (byte)'a', 3, 200);

        var reader = new BerReader(element);
        var contents = reader.ReadElement(out var tag);

        tag.ShouldBe((byte)0x04);
        contents.Length.ShouldBe(200);
    }

    [Theory]
    [InlineData("02 00", "no content bytes")]
    [InlineData("02 05 01 00 00 00 00", "does not fit")]
    [InlineData("41 05 01 00 00 00 00", "larger than 32 bits")]
    [InlineData("41 06 00 00 00 00 00 01", "more than a 32-bit value")]
    [InlineData("40 03 7F 00 01", "instead of 4")]
    [InlineData("05 01 00", "instead of none")]
    [InlineData("81 01 00", "instead of none")]
    [InlineData("47 01 00", "unknown type 0x47")]
    [InlineData("06 02 2B 86", "ends inside a sub-identifier")]
    [InlineData("06 03 2B 80 01", "padding octet")]
    [InlineData("06 07 2B 90 80 80 80 80 00", "exceeds 32 bits")]
    [InlineData("06 00", "no content bytes")]
    public void Value_Malformed_RaisesFormatError(string element, string expected)
    {
        var error = Should.Throw<SnmpFormatException>(() => Decode(element));

        error.Message.ShouldContain(expected);
    }

    [Theory]
    [InlineData("30 80 02 01 01 00 00", "indefinite length")]
    [InlineData("30 85 00 00 00 00 05", "5-byte length field")]
    [InlineData("30 82 01", "ends inside its length field")]
    [InlineData("30 10 02 01 01", "declares 16 content bytes but only 3 remain")]
    [InlineData("30 84 FF FF FF FF 00", "declares 4294967295")]
    [InlineData("3F 01 00", "high tag number form")]
    public void Length_Malformed_RaisesFormatError(string bytes, string expected)
    {
        var error = Should.Throw<SnmpFormatException>(() => SnmpMessage.Decode(Bytes(bytes)));

        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Decode_TrailingBytes_RaisesFormatError()
    {
        var error = Should.Throw<SnmpFormatException>(() => SnmpMessage.Decode(Bytes(SysUpTimeResponse + " 00")));

        error.Message.ShouldContain("unexpected bytes after the end of the message");
    }

    [Fact]
    public void Decode_LengthLargerThanDatagram_RaisesFormatError()
    {
        var oversized = Bytes(SysUpTimeResponse);
        oversized[1] = 0x7F;

        var error = Should.Throw<SnmpFormatException>(() => SnmpMessage.Decode(oversized));

        error.Message.ShouldContain("declares 127 content bytes");
    }

    [Fact]
    public void Decode_EveryTruncation_RaisesOnlyFormatErrors()
    {
        var response = Bytes(SysUpTimeResponse);
        for (var length = 0; length < response.Length; length++)
        {
            var truncated = response[..length];
            Should.Throw<SnmpFormatException>(() => SnmpMessage.Decode(truncated), $"truncated to {length} bytes");
        }
    }

    [Fact]
    public void Decode_EverySingleByteCorruption_RaisesNothingButFormatErrors()
    {
        var response = Bytes(SysUpTimeResponse);
        byte[] replacements = [0x00, 0x01, 0x30, 0x7F, 0x80, 0x81, 0x84, 0xFF];
        for (var position = 0; position < response.Length; position++)
        {
            foreach (var replacement in replacements)
            {
                var corrupted = (byte[])response.Clone();
                corrupted[position] = replacement;
                try
                {
                    SnmpMessage.Decode(corrupted);
                }
                catch (SnmpFormatException)
                {
                    // Rejecting is fine; anything but SnmpFormatException fails the test.
                }
            }
        }
    }

    [Fact]
    public void Decode_RandomBytes_RaisesNothingButFormatErrors()
    {
        var random = new Random(20240517);
        var response = Bytes(SysUpTimeResponse);
        for (var round = 0; round < 20_000; round++)
        {
            // Half the inputs start from a valid message so that the decoder gets past the outer SEQUENCE.
            var input = round % 2 == 0 ? new byte[random.Next(0, 80)] : (byte[])response.Clone();
            if (round % 2 == 0)
            {
                random.NextBytes(input);
            }
            else
            {
                input[random.Next(input.Length)] = (byte)random.Next(256);
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }

            try
            {
                SnmpMessage.Decode(input);
            }
            catch (SnmpFormatException)
            {
                // Rejecting is fine; anything but SnmpFormatException fails the test.
            }
        }
    }

    [Fact]
    public void Decode_WrongVersion_RaisesFormatError()
    {
        var v3 = Bytes(SysUpTimeResponse);
        v3[4] = 0x03;

        Should.Throw<SnmpFormatException>(() => SnmpMessage.Decode(v3)).Message.ShouldContain("version 3");
    }

    [Fact]
    public void EncodeDecode_AllValueTypes_RoundTrip()
    {
        VarBind[] varBinds =
        [
            new(ObjectIdentifier.Parse("1.3.6.1.2.1.1.1.0"), SnmpValue.OctetString("Linux sw-01"u8)),
            new(ObjectIdentifier.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.Oid(ObjectIdentifier.Parse("1.3.6.1.4.1.8072.3.2.10"))),
            new(ObjectIdentifier.Parse("1.3.6.1.2.1.1.3.0"), SnmpValue.TimeTicks(uint.MaxValue)),
            new(ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.8.1"), SnmpValue.Integer(-5)),
            new(ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.10.1"), SnmpValue.Counter32(3_000_000_000)),
            new(ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.5.1"), SnmpValue.Gauge32(1_000_000_000)),
            new(ObjectIdentifier.Parse("1.3.6.1.2.1.31.1.1.1.6.1"), SnmpValue.Counter64(ulong.MaxValue - 1)),
            new(ObjectIdentifier.Parse("1.3.6.1.2.1.4.20.1.1.127.0.0.1"), SnmpValue.IpAddress(IPAddress.Loopback)),
            new(ObjectIdentifier.Parse("1.3.6.1.2.1.2.2.1.8.99"), SnmpValue.Exception(SnmpValueType.NoSuchInstance)),
        ];
        var message = new SnmpMessage(SnmpVersion.V2c, "公共", new SnmpPdu(SnmpPduType.Response, -42, SnmpErrorStatus.GenErr, 3, varBinds));

        var decoded = SnmpMessage.Decode(message.Encode());

        decoded.Community.ShouldBe("公共");
        decoded.Pdu.RequestId.ShouldBe(-42);
        decoded.Pdu.ErrorStatus.ShouldBe(SnmpErrorStatus.GenErr);
        decoded.Pdu.ErrorIndex.ShouldBe(3);
        decoded.Pdu.VarBinds.Select(v => v.Oid).ShouldBe(varBinds.Select(v => v.Oid));
        decoded.Pdu.VarBinds.Select(v => v.Value.Type).ShouldBe(varBinds.Select(v => v.Value.Type));
        decoded.Pdu.VarBinds.Select(v => v.Value.ToString()).ShouldBe(varBinds.Select(v => v.Value.ToString()));
    }

    private static SnmpValue Decode(string element)
    {
        var reader = new BerReader(Bytes(element));
        var contents = reader.ReadElement(out var tag);
        reader.EnsureEnd("the test element");
        return SnmpValue.Decode(tag, contents);
    }

    private static string Hex(string spaced) => spaced.Replace(" ", "", StringComparison.Ordinal);

    private static byte[] Bytes(string spaced) => Convert.FromHexString(Hex(spaced));
}
