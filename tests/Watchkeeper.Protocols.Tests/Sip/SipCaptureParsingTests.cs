using System.Text;
using Watchkeeper.Protocols.Sip;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Sip;

/// <summary>Parses every GB/T 28181 capture and checks the values that tests/Fixtures/captures/SOURCES.md lists for it.</summary>
public sealed class SipCaptureParsingTests
{
    public static TheoryData<string> Captures() =>
    [
        "gb_dahua_sd_catalog_response_1item.sip",
        "gb_dahua_sd_deviceinfo_response.sip",
        "gb_dahua_sd_devicestatus_response.sip",
        "gb_dahua_sd_keepalive.sip",
        "gb_dahua_sd_register_auth.sip",
        "gb_dahua_sd_register_noauth.sip",
        "gb_exosip_401_challenge.sip",
        "gb_exosip_catalog_query.sip",
    ];

    [Theory]
    [MemberData(nameof(Captures))]
    public void Parse_Capture_Succeeds(string name)
    {
        var result = SipParser.Parse(Fixtures.ReadCaptureBytes(name));

        result.Errors.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void Parse_CaptureWithCrlfHeaders_GivesSameBody(string name)
    {
        var lfOnly = Fixtures.ReadCaptureBytes(name);
        var crlf = ToCrlfHeaders(lfOnly);

        var fromLf = Parse(lfOnly);
        var fromCrlf = Parse(crlf);

        fromCrlf.Body.ShouldBe(fromLf.Body);
        fromCrlf.Headers.Count.ShouldBe(fromLf.Headers.Count);
    }

    [Fact]
    public void Parse_Keepalive_ReadsMessageHeaders()
    {
        var message = (SipRequest)Parse("gb_dahua_sd_keepalive.sip");

        message.Method.ShouldBe(SipMethods.Message);
        message.RequestUri.User.ShouldBe("34020000002000000010");
        message.RequestUri.Host.ShouldBe("192.168.6.106");
        message.RequestUri.Port.ShouldBe(5062);
        message.From.Uri.User.ShouldBe("34020000001320000002");
        message.From.Tag.ShouldBe("1166693770");
        message.To.Tag.ShouldBeNull();
        message.CallId.ShouldBe("632317300@192.168.6.71");
        message.CSeq.ShouldBe(new SipCSeq(20, SipMethods.Message));
        message.ContentType.ShouldBe("Application/MANSCDP+xml");
        message.UserAgent.ShouldBe("SIP UAS V3.0.0.675168");
        message.MaxForwards.ShouldBe(70);
    }

    [Fact]
    public void Parse_Keepalive_ReadsViaBranchAndEmptyRPort()
    {
        var via = Parse("gb_dahua_sd_keepalive.sip").Vias.Single();

        via.Transport.ShouldBe("UDP");
        via.Host.ShouldBe("192.168.6.71");
        via.Port.ShouldBe(5060);
        via.Branch.ShouldBe("z9hG4bK677047196");
        via.HasRfc3261Branch.ShouldBeTrue();
        via.HasRPort.ShouldBeTrue();
        via.RPort.ShouldBeNull();
        via.Received.ShouldBeNull();
    }

    [Fact]
    public void Parse_KeepaliveWithSpacedContentLength_ReadsWholeBody()
    {
        var message = Parse("gb_dahua_sd_keepalive.sip");

        message.Headers.Get("Content-Length").ShouldBe("180");
        message.Body.Length.ShouldBe(180);
        message.Diagnostics.ShouldBeEmpty();
        Encoding.ASCII.GetString(message.Body).ShouldContain("<SN>539</SN>");
    }

    [Theory]
    [InlineData("gb_dahua_sd_catalog_response_1item.sip", 898, "z9hG4bK1121513722", "140588148@192.168.6.71")]
    [InlineData("gb_dahua_sd_deviceinfo_response.sip", 559, "z9hG4bK1885711354", "107554108@192.168.6.71")]
    [InlineData("gb_dahua_sd_devicestatus_response.sip", 639, "z9hG4bK1852218770", "1675775636@192.168.6.71")]
    public void Parse_ResponseMessage_ReadsBodyBranchAndCallId(string name, int bodyLength, string branch, string callId)
    {
        var message = (SipRequest)Parse(name);

        message.Method.ShouldBe(SipMethods.Message);
        message.Body.Length.ShouldBe(bodyLength);
        message.Diagnostics.ShouldBeEmpty();
        message.TopVia!.Branch.ShouldBe(branch);
        message.CallId.ShouldBe(callId);
        message.CSeq.Number.ShouldBe(20);
    }

    [Fact]
    public void Parse_RegisterWithoutAuth_ReadsRegistration()
    {
        var message = (SipRequest)Parse("gb_dahua_sd_register_noauth.sip");

        message.Method.ShouldBe(SipMethods.Register);
        message.From.Uri.User.ShouldBe("34020000001320000002");
        message.From.Tag.ShouldBe("2088733642");
        message.To.Uri.User.ShouldBe("34020000001320000002");
        message.Contact!.Uri.HostPort.ShouldBe("192.168.6.71:5060");
        message.Expires.ShouldBe(3600);
        message.RequestedExpires.ShouldBe(3600);
        message.TopVia!.Transport.ShouldBe("UDP");
        message.CSeq.ShouldBe(new SipCSeq(1, SipMethods.Register));
        message.Headers.Contains("Authorization").ShouldBeFalse();
        message.Headers.Get("Route").ShouldBe("<sip:34020000001320000002@192.168.6.106:5062;lr>");
        message.Body.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_RegisterWithAuth_KeepsDialogAndRaisesCSeq()
    {
        var first = Parse("gb_dahua_sd_register_noauth.sip");
        var second = Parse("gb_dahua_sd_register_auth.sip");

        second.CallId.ShouldBe(first.CallId);
        second.From.Tag.ShouldBe(first.From.Tag);
        second.CSeq.ShouldBe(new SipCSeq(2, SipMethods.Register));
        second.TopVia!.Branch.ShouldBe("z9hG4bK1442331620");
        second.Headers.Get("authorization")!.ShouldStartWith("Digest username=\"34020000001320000002\"");
    }

    [Fact]
    public void Parse_Challenge_ReadsResponseAndFilledRPort()
    {
        var message = (SipResponse)Parse("gb_exosip_401_challenge.sip");

        message.StatusCode.ShouldBe(401);
        message.ReasonPhrase.ShouldBe("Unauthorized");
        message.TopVia!.RPort.ShouldBe(5060);
        message.TopVia.HasRPort.ShouldBeTrue();
        message.To.Tag.ShouldBe("3241172924");
        message.CSeq.ShouldBe(new SipCSeq(1, SipMethods.Register));
        message.UserAgent.ShouldBe("eXosip/4.1.0");
        message.Headers.Get("WWW-Authenticate").ShouldBe("Digest realm=\"34020000\",algorithm=MD5,nonce=\"1715926053\"");
    }

    [Fact]
    public void Parse_CatalogQueryStoredWithLf_TakesBytesPresentAndRecordsDiagnostic()
    {
        // The capture's Content-Length (125) counts CRLF line ends in the body; as stored, with LF, it has 119 bytes.
        var message = (SipRequest)Parse("gb_exosip_catalog_query.sip");

        message.Body.Length.ShouldBe(119);
        message.Diagnostics.Single().Code.ShouldBe(SipErrors.ContentLengthExceedsBodyCode);
        message.RequestUri.User.ShouldBe("34020000001320000002");
        message.CallId.ShouldBe("2898046025");
        message.ContentType.ShouldBe("application/MANSCDP+xml");
    }

    [Fact]
    public void Parse_CatalogQueryWithCrlfBody_MatchesContentLength()
    {
        var crlf = Encoding.ASCII.GetBytes(Fixtures.ReadCapture("gb_exosip_catalog_query.sip").Replace("\n", "\r\n", StringComparison.Ordinal));

        var message = Parse(crlf);

        message.Body.Length.ShouldBe(125);
        message.Diagnostics.ShouldBeEmpty();
    }

    internal static SipMessage Parse(string captureName) => Parse(Fixtures.ReadCaptureBytes(captureName));

    internal static SipMessage Parse(byte[] bytes)
    {
        var result = SipParser.Parse(bytes);
        result.Errors.ShouldBeEmpty();
        return result.Value;
    }

    /// <summary>Converts the header lines to CRLF and keeps the body as stored, as the capture tests on the wire do.</summary>
    internal static byte[] ToCrlfHeaders(byte[] capture)
    {
        var text = Encoding.ASCII.GetString(capture);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = text[..split].Replace("\n", "\r\n", StringComparison.Ordinal);
        return Encoding.ASCII.GetBytes(head + "\r\n\r\n" + text[(split + 2)..]);
    }
}
