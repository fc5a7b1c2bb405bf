using System.Text;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Tests.Common;

public sealed class DigestAuthenticationTests
{
    [Fact]
    public void ComputeResponse_Rfc2617Example_MatchesPublishedDigest()
    {
        // RFC 2617 section 3.5.
        var input = new DigestInput(null, "Mufasa", "testrealm@host.com", "Circle Of Life", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            "GET", "/dir/index.html", "auth", "00000001", "0a4f113b");

        DigestAuthentication.ComputeResponse(input).ShouldBe("6629fae49393a05397450978507c4ef1");
    }

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void ComputeResponse_Rfc7616Example_MatchesPublishedDigest(string algorithm, string expected)
    {
        // RFC 7616 section 3.9.1.
        var input = new DigestInput(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life",
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "GET", "/dir/index.html", "auth", "00000001",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");

        DigestAuthentication.ComputeResponse(input).ShouldBe(expected);
    }

    [Fact]
    public void ComputeResponse_Rfc2069FormWithoutQop_MatchesIndependentHash()
    {
        // Expected value from Python's hashlib: MD5(HA1:nonce:HA2), with the realm and nonce of the Reolink capture.
        var input = new DigestInput(null, "admin", "LIVE555 Streaming Media", "secret", "yyy", "DESCRIBE", "rtsp://192.168.1.10:554/h264Preview_01_main");

        DigestAuthentication.ComputeResponse(input).ShouldBe("4a3c6266784af5689f549e2e0a2e97b1");
    }

    [Theory]
    [InlineData("MD5-sess")]
    [InlineData("md5-SESS")]
    public void ComputeResponse_Md5SessInAnyCase_MatchesIndependentHash(string algorithm)
    {
        var input = new DigestInput(algorithm, "admin", "cam", "pw", "n1", "DESCRIBE", "rtsp://h/x", "auth", "00000001", "c1");

        DigestAuthentication.ComputeResponse(input).ShouldBe("beb87fc296c1242f3b92b6c5a89524c8");
    }

    [Fact]
    public void ComputeResponse_AuthIntEmptyBody_MatchesIndependentHash()
    {
        var input = new DigestInput("md5", "admin", "cam", "pw", "n1", "GET", "/snap", "auth-int", "00000001", "c1");

        DigestAuthentication.ComputeResponse(input).ShouldBe("a0cb28451b026c138d3188999f00dda7");
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("MD5", true)]
    [InlineData("md5", true)]
    [InlineData("Md5-Sess", true)]
    [InlineData("sha-256", true)]
    [InlineData("SHA-512-256", false)]
    [InlineData("token", false)]
    public void IsSupportedAlgorithm_AnyCase_Recognized(string? algorithm, bool supported)
    {
        DigestAuthentication.IsSupportedAlgorithm(algorithm).ShouldBe(supported);
    }

    [Fact]
    public void Authorize_QopAuthChallenge_VerifiesOnServerSide()
    {
        var challenge = AuthenticationChallenge.Parse("Digest realm=\"cam\", nonce=\"n-1\", qop=\"auth-int,auth\", opaque=\"op\"")!;
        var responder = new ChallengeResponder("admin", "p@ss \"word\"");
        responder.Accept([challenge]).ShouldBeTrue();

        var header = responder.Authorize("DESCRIBE", "rtsp://127.0.0.1/camera")!;
        var credentials = DigestCredentials.Parse(header)!;

        credentials.Qop.ShouldBe("auth");
        credentials.Opaque.ShouldBe("op");
        credentials.NonceCount.ShouldBe("00000001");
        credentials.Verify("p@ss \"word\"", "DESCRIBE").ShouldBeTrue();
        credentials.Verify("wrong", "DESCRIBE").ShouldBeFalse();
        credentials.Verify("p@ss \"word\"", "OPTIONS").ShouldBeFalse();
    }

    [Fact]
    public void Authorize_Rfc2069Challenge_SendsNoQopFields()
    {
        var responder = new ChallengeResponder("admin", "secret");
        responder.Accept([AuthenticationChallenge.Parse("Digest realm=\"LIVE555 Streaming Media\", nonce=\"yyy\"")!]);

        var header = responder.Authorize("DESCRIBE", "rtsp://192.168.1.10:554/h264Preview_01_main")!;

        header.ShouldContain("response=\"4a3c6266784af5689f549e2e0a2e97b1\"");
        header.ShouldNotContain("qop=");
        header.ShouldNotContain("cnonce=");
    }

    [Fact]
    public void Authorize_SameNonceTwice_IncrementsNonceCount()
    {
        var responder = new ChallengeResponder("admin", "pw");
        responder.Accept([AuthenticationChallenge.Parse("Digest realm=\"cam\", nonce=\"n\", qop=\"auth\"")!]);

        responder.Authorize("OPTIONS", "rtsp://h/x");
        var second = DigestCredentials.Parse(responder.Authorize("DESCRIBE", "rtsp://h/x")!)!;

        second.NonceCount.ShouldBe("00000002");
    }

    [Fact]
    public void Accept_DigestAndBasic_PrefersDigest()
    {
        var responder = new ChallengeResponder("admin", "pw");

        responder.Accept(AuthenticationChallenge.ParseAll(["Basic realm=\"cam\"", "Digest realm=\"cam\", nonce=\"n\""]));

        responder.Challenge!.IsDigest.ShouldBeTrue();
    }

    [Fact]
    public void Accept_UnsupportedDigestAndBasic_FallsBackToBasic()
    {
        var responder = new ChallengeResponder("admin", "pw");

        responder.Accept(AuthenticationChallenge.ParseAll(["Digest realm=\"cam\", nonce=\"n\", algorithm=SHA-512-256", "Basic realm=\"cam\""]));

        responder.Authorize("GET", "/")!.ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:pw")));
    }

    [Fact]
    public void Accept_OnlyUnsupportedSchemes_ReturnsFalse()
    {
        var responder = new ChallengeResponder("admin", "pw");

        var accepted = responder.Accept(AuthenticationChallenge.ParseAll(["Negotiate", "Digest realm=\"cam\", nonce=\"n\", qop=\"auth-conf\""]));

        accepted.ShouldBeFalse();
        responder.Authorize("GET", "/").ShouldBeNull();
    }

    [Fact]
    public void ShouldRetry_CredentialsNotSent_True()
    {
        var responder = new ChallengeResponder("admin", "pw");

        responder.ShouldRetry(AuthenticationChallenge.ParseAll(["Basic realm=\"cam\""]), credentialsSent: false).ShouldBeTrue();
    }

    [Theory]
    [InlineData("Digest realm=\"cam\", nonce=\"n1\"", false)]
    [InlineData("Digest realm=\"cam\", nonce=\"n1\", stale=true", true)]
    [InlineData("Digest realm=\"cam\", nonce=\"n2\"", true)]
    [InlineData("Basic realm=\"cam\"", false)]
    public void ShouldRetry_AfterCredentialsSent_OnlyForNewNonce(string challenge, bool expected)
    {
        var responder = new ChallengeResponder("admin", "pw");
        responder.Accept([AuthenticationChallenge.Parse("Digest realm=\"cam\", nonce=\"n1\"")!]);

        responder.ShouldRetry(AuthenticationChallenge.ParseAll([challenge]), credentialsSent: true).ShouldBe(expected);
    }

    [Fact]
    public void Authorize_BeforeChallenge_ReturnsNull()
    {
        new ChallengeResponder("admin", "pw").Authorize("GET", "/").ShouldBeNull();
    }

    [Fact]
    public void DigestCredentials_GbRegisterCapture_ParsesFields()
    {
        var header = TestSupport.Fixtures.CaptureHeader("gb_dahua_sd_register_auth.sip", "Authorization");

        var credentials = DigestCredentials.Parse(header)!;

        credentials.UserName.ShouldBe("34020000001320000002");
        credentials.Realm.ShouldBe("34020000");
        credentials.Nonce.ShouldBe("1715926053");
        credentials.Uri.ShouldBe("sip:34020000002000000010@192.168.6.106:5062");
        credentials.Response.ShouldStartWith("fa983ee8");
    }

    [Theory]
    [InlineData("Basic YWRtaW46cHc=")]
    [InlineData("Digest realm=\"cam\", nonce=\"n\"")]
    [InlineData("garbage")]
    public void DigestCredentials_NotCompleteDigest_ReturnsNull(string header)
    {
        DigestCredentials.Parse(header).ShouldBeNull();
    }
}
