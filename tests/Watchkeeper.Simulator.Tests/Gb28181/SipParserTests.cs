using System.Text;
using Watchkeeper.Simulator.Gb28181;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Simulator.Tests.Gb28181;

/// <summary>The simulator's lenient SIP reader on captured and odd messages.</summary>
public sealed class SipParserTests
{
    [Fact]
    public void ParseDatagram_CapturedChallenge_ReadsDigestParameters()
    {
        var bytes = File.ReadAllBytes(Fixtures.Capture("gb_exosip_401_challenge.sip"));

        var message = SipParser.ParseDatagram(bytes, out _)!;
        var challenge = DigestChallenge.Parse(message.Header("WWW-Authenticate"))!;

        message.StatusCode.ShouldBe(401);
        challenge.Realm.ShouldBe("34020000");
        challenge.Nonce.ShouldBe("1715926053");
        challenge.Algorithm.ShouldBe("MD5");
        challenge.OffersQopAuth.ShouldBeFalse();
    }

    [Fact]
    public void ParseDatagram_CapturedQueryWithLfLineEnds_ReadsBody()
    {
        var bytes = File.ReadAllBytes(Fixtures.Capture("gb_exosip_catalog_query.sip"));

        var message = SipParser.ParseDatagram(bytes, out _)!;
        var query = ManscdpRequest.Parse(message.Body)!;

        message.Method.ShouldBe("MESSAGE");
        query.CmdType.ShouldBe("Catalog");
        query.Sn.ShouldBe("7");
        query.DeviceId.ShouldBe("34020000001320000002");
    }

    [Fact]
    public void ParseDatagram_CompactHeaders_ExpandedToFullNames()
    {
        var bytes = Encoding.UTF8.GetBytes("SIP/2.0 200 OK\r\nv: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKabc\r\nf: <sip:1@x>\r\ni: 42\r\nl: 0\r\n\r\n");

        var message = SipParser.ParseDatagram(bytes, out _)!;

        message.TopBranch().ShouldBe("z9hG4bKabc");
        message.Header("Call-ID").ShouldBe("42");
    }

    [Fact]
    public void ParseDatagram_ContentLengthBeyondDatagram_TakesWhatArrived()
    {
        var bytes = Encoding.UTF8.GetBytes("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 500\r\n\r\nshort");

        var message = SipParser.ParseDatagram(bytes, out _)!;

        Encoding.UTF8.GetString(message.Body).ShouldBe("short");
    }

    [Theory]
    [InlineData("garbage without lines")]
    [InlineData("HELLO\r\n\r\n")]
    [InlineData("SIP/2.0 999 Odd\r\n\r\n")]
    public void ParseDatagram_NotSip_ReturnsError(string text)
    {
        var message = SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text), out var error);

        message.ShouldBeNull();
        error.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Authorize_CapturedChallenge_ResponseFromRfc2617WithoutQop()
    {
        var challenge = DigestChallenge.Parse("Digest realm=\"34020000\",algorithm=MD5,nonce=\"1715926053\"")!;
        const string uri = "sip:34020000002000000010@192.168.6.106:5062";

        var header = challenge.Authorize("REGISTER", uri, "34020000001320000002", "12345678");

        var ha1 = Md5("34020000001320000002:34020000:12345678");
        var ha2 = Md5($"REGISTER:{uri}");
        header.ShouldContain($"response=\"{Md5($"{ha1}:1715926053:{ha2}")}\"");
        header.ShouldContain("algorithm=MD5");
        header.ShouldNotContain("qop");
    }

    [Fact]
    public void Parse_ChallengeWithOtherAlgorithm_Null()
    {
        DigestChallenge.Parse("Digest realm=\"x\", nonce=\"y\", algorithm=SHA-256").ShouldBeNull();
    }

    private static string Md5(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
