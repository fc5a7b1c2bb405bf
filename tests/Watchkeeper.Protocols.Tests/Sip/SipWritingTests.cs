using System.Net;
using System.Text;
using Watchkeeper.Protocols.Sip;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Sip;

public sealed class SipWritingTests
{
    private static SipRequest Keepalive() => (SipRequest)SipCaptureParsingTests.Parse("gb_dahua_sd_keepalive.sip");

    [Fact]
    public void Write_ParsedCapture_RoundTripsWithCrlfAndLength()
    {
        var request = Keepalive();

        var bytes = SipMessageWriter.Write(request);
        var text = Encoding.ASCII.GetString(bytes);
        var reparsed = SipCaptureParsingTests.Parse(bytes);

        text.ShouldStartWith("MESSAGE sip:34020000002000000010@192.168.6.106:5062 SIP/2.0\r\n");
        text.ShouldContain("\r\nContent-Length: 180\r\n\r\n<?xml");
        text.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain('\r');
        reparsed.Body.ShouldBe(request.Body);
        reparsed.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Write_StaleContentLengthHeader_IsReplaced()
    {
        var request = (SipRequest)SipCaptureParsingTests.Parse("gb_exosip_catalog_query.sip");

        var text = Encoding.ASCII.GetString(SipMessageWriter.Write(request));

        text.ShouldContain("Content-Length: 119\r\n");
        text.ShouldNotContain("125");
    }

    [Fact]
    public void Write_ValueWithLineBreak_CannotInjectHeader()
    {
        var request = Keepalive();
        request.Headers.Set("Subject", "a\r\nInjected: yes");

        var reparsed = SipCaptureParsingTests.Parse(SipMessageWriter.Write(request));

        reparsed.Headers.Contains("Injected").ShouldBeFalse();
    }

    [Fact]
    public void ResponseFor_Keepalive_CopiesDialogHeadersAndAddsToTag()
    {
        var request = Keepalive();

        var response = SipResponse.For(request, 200, "OK", toTag: "99");

        response.StatusCode.ShouldBe(200);
        response.Headers.Get("Via").ShouldBe(request.Headers.Get("Via"));
        response.Headers.Get("From").ShouldBe(request.Headers.Get("From"));
        response.To.Tag.ShouldBe("99");
        response.CallId.ShouldBe(request.CallId);
        response.CSeq.ShouldBe(request.CSeq);
        response.Body.ShouldBeEmpty();
    }

    [Fact]
    public void ResponseFor_ToWithTag_KeepsExistingTag()
    {
        var request = Keepalive();
        request.Headers.Set("To", "<sip:34020000002000000010@192.168.6.106:5062>;tag=first");

        var response = SipResponse.For(request, 200, "OK", toTag: "second");

        response.To.Tag.ShouldBe("first");
    }

    [Fact]
    public void ResponseFor_SourceEndpoint_FillsReceivedAndRPort()
    {
        var request = Keepalive();

        var response = SipResponse.For(request, new IPEndPoint(IPAddress.Parse("10.1.2.3"), 40123), 200, "OK", "7");
        var via = response.TopVia!;

        via.Received.ShouldBe("10.1.2.3");
        via.RPort.ShouldBe(40123);
        via.Branch.ShouldBe("z9hG4bK677047196");
        response.Headers.Get("Via").ShouldBe("SIP/2.0/UDP 192.168.6.71:5060;rport=40123;branch=z9hG4bK677047196;received=10.1.2.3");
    }

    [Fact]
    public void ResponseFor_SameAddressWithoutRPort_AddsNothing()
    {
        var request = Keepalive();
        request.Headers.Set("Via", "SIP/2.0/UDP 192.168.6.71:5060;branch=z9hG4bK1");

        var response = SipResponse.For(request, new IPEndPoint(IPAddress.Parse("192.168.6.71"), 5060), 200, "OK");

        response.Headers.Get("Via").ShouldBe("SIP/2.0/UDP 192.168.6.71:5060;branch=z9hG4bK1");
    }

    [Fact]
    public void ResponseFor_SeveralVias_CopiesAllInOrder()
    {
        var request = Keepalive();
        request.Headers.Set("Via", "SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKa, SIP/2.0/UDP 127.0.0.2;branch=z9hG4bKb");
        request.Headers.Add("v", "SIP/2.0/TCP 127.0.0.3;branch=z9hG4bKc");

        var vias = SipResponse.For(request, 200, "OK").Vias;

        vias.Select(via => via.Branch).ShouldBe(["z9hG4bKa", "z9hG4bKb", "z9hG4bKc"]);
    }

    [Fact]
    public void ResponseFor_Written_ParsesBack()
    {
        var request = (SipRequest)SipCaptureParsingTests.Parse("gb_dahua_sd_register_noauth.sip");

        var bytes = SipMessageWriter.Write(SipResponse.For(request, 401, "Unauthorized", "3241172924"));
        var reparsed = (SipResponse)SipCaptureParsingTests.Parse(bytes);

        reparsed.StatusCode.ShouldBe(401);
        reparsed.ReasonPhrase.ShouldBe("Unauthorized");
        reparsed.Headers.Get("Content-Length").ShouldBe("0");
        reparsed.To.Tag.ShouldBe("3241172924");
    }

    [Fact]
    public void Builder_Message_HasEveryRequiredHeader()
    {
        var device = SipUri.Parse("sip:34020000001320000002@127.0.0.1:5070")!;
        var body = Encoding.ASCII.GetBytes("<?xml version=\"1.0\"?><Query><CmdType>Catalog</CmdType><SN>7</SN></Query>");

        var request = new SipRequestBuilder(SipMethods.Message, device)
        {
            From = new SipNameAddress(SipUri.Parse("sip:34020000002000000001@3402000000")!),
            To = new SipNameAddress(device),
            LocalHost = "127.0.0.1",
            LocalPort = 5060,
            CSeq = 20,
            Body = body,
        }.Build();
        var reparsed = (SipRequest)SipCaptureParsingTests.Parse(SipMessageWriter.Write(request));

        reparsed.Method.ShouldBe(SipMethods.Message);
        reparsed.RequestUri.ToString().ShouldBe("sip:34020000001320000002@127.0.0.1:5070");
        reparsed.TopVia!.HasRfc3261Branch.ShouldBeTrue();
        reparsed.TopVia.HasRPort.ShouldBeTrue();
        reparsed.TopVia.SentBy.ShouldBe("127.0.0.1:5060");
        reparsed.From.Tag.ShouldNotBeNullOrEmpty();
        reparsed.To.Tag.ShouldBeNull();
        reparsed.CallId.ShouldNotBeNullOrEmpty();
        reparsed.CSeq.ShouldBe(new SipCSeq(20, SipMethods.Message));
        reparsed.MaxForwards.ShouldBe(70);
        reparsed.ContentType.ShouldBe("Application/MANSCDP+xml");
        reparsed.Body.ShouldBe(body);
        reparsed.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Builder_TwoRequests_GetDifferentBranchesAndCallIds()
    {
        var device = SipUri.Parse("sip:34020000001320000002@127.0.0.1:5070")!;
        SipRequest Build() => new SipRequestBuilder(SipMethods.Message, device)
        {
            From = new SipNameAddress(device),
            To = new SipNameAddress(device),
            LocalHost = "127.0.0.1",
        }.Build();

        var first = Build();
        var second = Build();

        second.TopVia!.Branch.ShouldNotBe(first.TopVia!.Branch);
        second.CallId.ShouldNotBe(first.CallId);
    }

    [Fact]
    public void Builder_Subscribe_AddsContactEventAndExpires()
    {
        var device = SipUri.Parse("sip:34020000001320000002@127.0.0.1:5070")!;

        var request = new SipRequestBuilder(SipMethods.Subscribe, device)
        {
            From = new SipNameAddress(SipUri.Parse("sip:34020000002000000001@3402000000")!, parameters: SipParameters.Parse(";tag=555")),
            To = new SipNameAddress(device),
            LocalHost = "127.0.0.1",
            LocalPort = 5060,
            Event = "Catalog",
            Expires = 3600,
            CallId = "dialog-1",
        }.Build();

        request.Headers.Get("Event").ShouldBe("Catalog");
        request.Expires.ShouldBe(3600);
        request.Contact!.Uri.ToString().ShouldBe("sip:34020000002000000001@127.0.0.1:5060");
        request.From.Tag.ShouldBe("555");
        request.CallId.ShouldBe("dialog-1");
        request.ContentType.ShouldBeNull();
    }

    [Theory]
    [InlineData("sip:34020000001320000002@3402000000", "34020000001320000002", "3402000000", null)]
    [InlineData("sip:34020000002000000010@192.168.6.106:5062", "34020000002000000010", "192.168.6.106", 5062)]
    [InlineData("SIP:127.0.0.1:5060", null, "127.0.0.1", 5060)]
    [InlineData("sip:user@[::1]:5070", "user", "[::1]", 5070)]
    public void UriParse_ValidUri_ReadsParts(string text, string? user, string host, int? port)
    {
        var uri = SipUri.Parse(text)!;

        uri.User.ShouldBe(user);
        uri.Host.ShouldBe(host);
        uri.Port.ShouldBe(port);
        uri.Scheme.ShouldBe("sip");
    }

    [Fact]
    public void UriParse_ParametersAndHeaders_FormatsBack()
    {
        var uri = SipUri.Parse("sip:34020000001320000002@192.168.6.106:5062;lr;transport=udp?subject=x")!;

        uri.Parameters.Contains("lr").ShouldBeTrue();
        uri.Parameters.Get("transport").ShouldBe("udp");
        uri.Headers.ShouldBe("subject=x");
        uri.ToString().ShouldBe("sip:34020000001320000002@192.168.6.106:5062;lr;transport=udp?subject=x");
    }

    [Theory]
    [InlineData("http://example")]
    [InlineData("sip:")]
    [InlineData("sip:a@host:99999")]
    [InlineData("sip:a@host:port")]
    [InlineData("34020000001320000002")]
    public void UriParse_Invalid_ReturnsNull(string text)
    {
        SipUri.Parse(text).ShouldBeNull();
    }

    [Theory]
    [InlineData("\"Camera \\\"1\\\"\" <sip:a@b>;tag=1", "Camera \"1\"", "1")]
    [InlineData("Camera One <sip:a@b>;tag=2", "Camera One", "2")]
    [InlineData("<sip:a@b>", null, null)]
    [InlineData("sip:a@b;tag=3", null, "3")]
    public void NameAddressParse_Forms_ReadDisplayNameAndTag(string text, string? displayName, string? tag)
    {
        var address = SipNameAddress.Parse(text)!;

        address.DisplayName.ShouldBe(displayName);
        address.Tag.ShouldBe(tag);
        address.Uri.User.ShouldBe("a");
    }

    [Fact]
    public void NameAddressParse_ContactExpires_ReadsParameter()
    {
        var address = SipNameAddress.Parse("<sip:34020000001320000002@127.0.0.1:5060;transport=udp>;expires=0")!;

        address.Expires.ShouldBe(0);
        address.Uri.Parameters.Get("transport").ShouldBe("udp");
        address.Parameters.Contains("transport").ShouldBeFalse();
    }

    [Fact]
    public void RequestedExpires_ContactParameter_WinsOverHeader()
    {
        var request = (SipRequest)SipCaptureParsingTests.Parse("gb_dahua_sd_register_noauth.sip");
        request.Headers.Set("Contact", "<sip:34020000001320000002@192.168.6.71:5060>;expires=0");

        request.Expires.ShouldBe(3600);
        request.RequestedExpires.ShouldBe(0);
    }

    [Fact]
    public void Contact_Wildcard_IsRecognized()
    {
        var request = (SipRequest)SipCaptureParsingTests.Parse("gb_dahua_sd_register_noauth.sip");
        request.Headers.Set("m", "*");

        request.IsContactWildcard.ShouldBeTrue();
        request.Contact.ShouldBeNull();
    }
}
