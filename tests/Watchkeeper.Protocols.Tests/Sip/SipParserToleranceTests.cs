using System.Text;
using Watchkeeper.Protocols.Sip;

namespace Watchkeeper.Protocols.Tests.Sip;

public sealed class SipParserToleranceTests
{
    private const string Keepalive =
        "MESSAGE sip:34020000002000000010@3402000000 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5060;rport;branch=z9hG4bK1\r\n" +
        "From: <sip:34020000001320000002@3402000000>;tag=11\r\n" +
        "To: <sip:34020000002000000010@3402000000>\r\n" +
        "Call-ID: 42@127.0.0.1\r\n" +
        "CSeq: 20 MESSAGE\r\n" +
        "Content-Type: Application/MANSCDP+xml\r\n" +
        "Content-Length: 5\r\n" +
        "\r\n" +
        "<a/>\n";

    private static SipMessage Parse(string text) => SipCaptureParsingTests.Parse(Encoding.UTF8.GetBytes(text));

    private static Core.Results.Error ParseError(ReadOnlySpan<byte> bytes)
    {
        var result = SipParser.Parse(bytes);
        result.IsSuccess.ShouldBeFalse();
        return result.FirstError;
    }

    [Fact]
    public void Parse_CompactHeaders_MapsToFullNames()
    {
        var message = Parse(
            "MESSAGE sip:a@b SIP/2.0\nv: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKc\nf: <sip:x@b>;tag=1\nt: <sip:a@b>\n" +
            "i: compact-1\nCSeq: 3 MESSAGE\nc: Application/MANSCDP+xml\nm: <sip:x@127.0.0.1:5070>\no: Catalog\nu: presence\nk: 100rel\nl: 2\n\nab");

        message.CallId.ShouldBe("compact-1");
        message.Headers.Get("Call-ID").ShouldBe("compact-1");
        message.Headers.Get("i").ShouldBe("compact-1");
        message.ContentType.ShouldBe("Application/MANSCDP+xml");
        message.Contact!.Uri.Port.ShouldBe(5070);
        message.Headers.Get("Event").ShouldBe("Catalog");
        message.Headers.Get("Allow-Events").ShouldBe("presence");
        message.Headers.Get("Supported").ShouldBe("100rel");
        message.Body.Length.ShouldBe(2);
        message.TopVia!.Branch.ShouldBe("z9hG4bKc");
    }

    [Fact]
    public void Parse_MixedCaseNames_FindsHeaders()
    {
        var message = Parse(Keepalive.Replace("Call-ID", "CALL-id", StringComparison.Ordinal).Replace("CSeq", "cseq", StringComparison.Ordinal));

        message.CallId.ShouldBe("42@127.0.0.1");
        message.CSeq.Number.ShouldBe(20);
        message.Headers.First(h => h.Value == "42@127.0.0.1").Name.ShouldBe("Call-ID");
    }

    [Fact]
    public void Parse_LfOnly_ReadsBody()
    {
        var message = Parse(Keepalive.Replace("\r\n", "\n", StringComparison.Ordinal));

        message.Body.ShouldBe("<a/>\n"u8.ToArray());
        message.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_SpacesAroundColon_TrimsValues()
    {
        var message = Parse(Keepalive.Replace("Call-ID: 42", "Call-ID   :    42", StringComparison.Ordinal).Replace("Content-Length: 5", "Content-Length:\t  5  ", StringComparison.Ordinal));

        message.CallId.ShouldBe("42@127.0.0.1");
        message.Body.Length.ShouldBe(5);
    }

    [Fact]
    public void Parse_HeadersInAnyOrder_Succeeds()
    {
        var message = Parse(
            "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 0\r\nCSeq: 1 MESSAGE\r\nCall-ID: x\r\nTo: <sip:a@b>\r\nFrom: <sip:c@b>;tag=2\r\nVia: SIP/2.0/UDP 127.0.0.1\r\n\r\n");

        message.CSeq.Number.ShouldBe(1);
        message.TopVia!.Port.ShouldBeNull();
    }

    [Fact]
    public void Parse_FoldedLine_JoinsContinuation()
    {
        var message = Parse(Keepalive.Replace("Call-ID: 42@127.0.0.1\r\n", "Subject: first\r\n  second\r\nCall-ID: 42@127.0.0.1\r\n", StringComparison.Ordinal));

        message.Headers.Get("Subject").ShouldBe("first second");
    }

    [Fact]
    public void Parse_LeadingKeepaliveLineEnds_AreSkipped()
    {
        var message = (SipRequest)Parse("\r\n\r\n\n" + Keepalive);

        message.Method.ShouldBe(SipMethods.Message);
    }

    [Fact]
    public void Parse_SeveralViaLinesAndCommaList_ReadsAllInOrder()
    {
        var message = Parse(Keepalive.Replace(
            "Via: SIP/2.0/UDP 127.0.0.1:5060;rport;branch=z9hG4bK1\r\n",
            "Via: SIP/2.0/UDP 127.0.0.1:5060;rport;branch=z9hG4bK1, SIP/2.0/TCP 127.0.0.2:5070;branch=z9hG4bK2;received=127.0.0.9\r\nv: SIP / 2.0 / UDP 127.0.0.3;branch=z9hG4bK3;rport=5099\r\n",
            StringComparison.Ordinal));

        var vias = message.Vias;

        vias.Count.ShouldBe(3);
        vias[0].Branch.ShouldBe("z9hG4bK1");
        vias[1].Transport.ShouldBe("TCP");
        vias[1].Received.ShouldBe("127.0.0.9");
        vias[1].HasRPort.ShouldBeFalse();
        vias[2].RPort.ShouldBe(5099);
        message.TopVia!.Branch.ShouldBe("z9hG4bK1");
    }

    [Fact]
    public void Parse_ContentLengthTooLong_TakesBytesPresent()
    {
        var message = Parse(Keepalive.Replace("Content-Length: 5", "Content-Length: 500", StringComparison.Ordinal));

        message.Body.Length.ShouldBe(5);
        message.Diagnostics.Single().Code.ShouldBe(SipErrors.ContentLengthExceedsBodyCode);
    }

    [Fact]
    public void Parse_ContentLengthTooShort_TakesContentLengthBytes()
    {
        var message = Parse(Keepalive.Replace("Content-Length: 5", "Content-Length: 3", StringComparison.Ordinal));

        message.Body.ShouldBe("<a/"u8.ToArray());
        message.Diagnostics.Single().Code.ShouldBe(SipErrors.ContentLengthBelowBodyCode);
    }

    [Fact]
    public void Parse_ContentLengthNotNumber_TakesBytesPresent()
    {
        var message = Parse(Keepalive.Replace("Content-Length: 5", "Content-Length: five", StringComparison.Ordinal));

        message.Body.Length.ShouldBe(5);
        message.Diagnostics.Single().Code.ShouldBe(SipErrors.ContentLengthInvalidCode);
    }

    [Fact]
    public void Parse_NoContentLength_TakesRestOfDatagram()
    {
        var message = Parse(Keepalive.Replace("Content-Length: 5\r\n", "", StringComparison.Ordinal));

        message.Body.Length.ShouldBe(5);
        message.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_HeaderWithoutColon_SkipsLineWithDiagnostic()
    {
        var message = Parse(Keepalive.Replace("CSeq: 20 MESSAGE\r\n", "CSeq: 20 MESSAGE\r\nthis line has no colon\r\n", StringComparison.Ordinal));

        message.Diagnostics.Single().Code.ShouldBe(SipErrors.HeaderWithoutColonCode);
        message.Body.Length.ShouldBe(5);
    }

    [Theory]
    [InlineData("Via")]
    [InlineData("From")]
    [InlineData("To")]
    [InlineData("Call-ID")]
    [InlineData("CSeq")]
    public void Parse_RequiredHeaderMissing_NamesHeader(string name)
    {
        var lines = Keepalive.Split("\r\n").Where(line => !line.StartsWith(name + ":", StringComparison.Ordinal));

        var error = ParseError(Encoding.ASCII.GetBytes(string.Join("\r\n", lines)));

        error.Code.ShouldBe(SipErrors.HeaderMissingCode);
        error.Field.ShouldBe(name);
        error.Message.ShouldContain(name);
    }

    [Fact]
    public void Parse_InvalidCSeq_NamesHeader()
    {
        var error = ParseError(Encoding.ASCII.GetBytes(Keepalive.Replace("CSeq: 20 MESSAGE", "CSeq: twenty", StringComparison.Ordinal)));

        error.Code.ShouldBe(SipErrors.HeaderInvalidCode);
        error.Field.ShouldBe("CSeq");
    }

    [Fact]
    public void Parse_CSeqMethodDiffers_RecordsDiagnostic()
    {
        var message = Parse(Keepalive.Replace("CSeq: 20 MESSAGE", "CSeq: 20 REGISTER", StringComparison.Ordinal));

        message.Diagnostics.Single().Code.ShouldBe(SipErrors.CSeqMethodMismatchCode);
    }

    [Fact]
    public void Parse_EmptyInput_ReturnsEmptyError()
    {
        ParseError([]).Code.ShouldBe(SipErrors.EmptyCode);
    }

    [Fact]
    public void Parse_OnlyKeepaliveLineEnds_ReturnsEmptyError()
    {
        ParseError("\r\n\r\n"u8).Code.ShouldBe(SipErrors.EmptyCode);
    }

    [Fact]
    public void Parse_TruncatedMidHeader_ReturnsTruncatedError()
    {
        var bytes = Encoding.ASCII.GetBytes(Keepalive);

        var error = ParseError(bytes.AsSpan(0, 120));

        error.Code.ShouldBe(SipErrors.TruncatedCode);
    }

    [Fact]
    public void Parse_HeadersWithoutEmptyLine_ReadsWithoutBody()
    {
        var text = Keepalive[..Keepalive.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Replace("Content-Length: 5", "Content-Length: 0", StringComparison.Ordinal) + "\r\n";

        var message = Parse(text);

        message.Body.ShouldBeEmpty();
        message.Diagnostics.Single().Code.ShouldBe(SipErrors.HeadersNotTerminatedCode);
    }

    [Fact]
    public void Parse_BinaryGarbage_ReturnsErrorWithoutThrowing()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var bytes = new byte[random.Next(1, 2048)];
            random.NextBytes(bytes);

            var result = SipParser.Parse(bytes);

            result.IsSuccess.ShouldBeFalse();
        }
    }

    [Fact]
    public void Parse_EveryPrefixOfMessage_NeverThrows()
    {
        var bytes = Encoding.ASCII.GetBytes(Keepalive);
        for (var length = 0; length <= bytes.Length; length++)
        {
            var result = SipParser.Parse(bytes.AsSpan(0, length));

            (result.IsSuccess || result.Errors.Count > 0).ShouldBeTrue();
        }
    }

    [Fact]
    public void Parse_64KilobyteDatagram_ReadsWholeBody()
    {
        var head = Keepalive[..(Keepalive.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)];
        var bodyLength = 65_535 - head.Length - 10;
        var text = head.Replace("Content-Length: 5", $"Content-Length: {bodyLength}", StringComparison.Ordinal) + new string('x', bodyLength);
        var bytes = Encoding.ASCII.GetBytes(text);

        var message = Parse(text);

        bytes.Length.ShouldBeLessThanOrEqualTo(65_535);
        message.Body.Length.ShouldBe(bodyLength);
        message.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_TooManyHeaderLines_ReturnsError()
    {
        var many = string.Concat(Enumerable.Repeat("X-Pad: 1\r\n", SipParser.MaxHeaderLines + 1));

        var error = ParseError(Encoding.ASCII.GetBytes(Keepalive.Replace("CSeq: 20 MESSAGE\r\n", "CSeq: 20 MESSAGE\r\n" + many, StringComparison.Ordinal)));

        error.Code.ShouldBe(SipErrors.TooManyHeadersCode);
    }

    [Theory]
    [InlineData("MESSAGE SIP/2.0")]
    [InlineData("SIP/2.0 abc OK")]
    [InlineData("SIP/2.0 99 Low")]
    [InlineData("GET / HTTP/1.1")]
    public void Parse_InvalidStartLine_ReturnsError(string startLine)
    {
        var text = startLine + Keepalive[Keepalive.IndexOf("\r\n", StringComparison.Ordinal)..];

        var error = ParseError(Encoding.ASCII.GetBytes(text));

        error.Code.ShouldBeOneOf(SipErrors.StartLineInvalidCode, SipErrors.RequestUriInvalidCode);
    }

    [Fact]
    public void Parse_ResponseWithoutReasonPhrase_Succeeds()
    {
        var message = (SipResponse)Parse("SIP/2.0 200\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@b>;tag=2\r\nCall-ID: 1\r\nCSeq: 1 MESSAGE\r\n\r\n");

        message.StatusCode.ShouldBe(200);
        message.ReasonPhrase.ShouldBeEmpty();
    }
}
