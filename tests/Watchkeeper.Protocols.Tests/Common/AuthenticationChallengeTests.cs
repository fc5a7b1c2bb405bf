using Watchkeeper.Protocols.Common;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Common;

public sealed class AuthenticationChallengeTests
{
    [Fact]
    public void Parse_ReolinkCapture_ReadsRealmAndNonceWithoutQop()
    {
        var header = Fixtures.CaptureHeader("rtsp_reolink_describe_401_digest.txt", "WWW-Authenticate");

        var challenge = AuthenticationChallenge.Parse(header);

        challenge.ShouldNotBeNull();
        challenge.IsDigest.ShouldBeTrue();
        challenge.Realm.ShouldBe("LIVE555 Streaming Media");
        challenge.Nonce.ShouldBe("yyy");
        challenge.QopOptions.ShouldBeEmpty();
        challenge.Algorithm.ShouldBeNull();
    }

    [Fact]
    public void Parse_GbCaptureWithAlgorithmBeforeNonce_ReadsEveryParameter()
    {
        var header = Fixtures.CaptureHeader("gb_exosip_401_challenge.sip", "WWW-Authenticate");

        var challenge = AuthenticationChallenge.Parse(header);

        challenge.ShouldNotBeNull();
        challenge.Realm.ShouldBe("34020000");
        challenge.Algorithm.ShouldBe("MD5");
        challenge.Nonce.ShouldBe("1715926053");
        challenge.QopOptions.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Digest realm=\"cam\",nonce=\"abc\",qop=\"auth\"")]
    [InlineData("Digest   qop=\"auth\" , nonce = \"abc\" ,realm= \"cam\"")]
    [InlineData("digest realm=cam, nonce=abc, qop=auth")]
    [InlineData("DIGEST Realm=\"cam\", NONCE=\"abc\", QOP=\"auth\",")]
    [InlineData(",Digest realm=\"cam\", , nonce=\"abc\", qop=\"auth\"")]
    public void Parse_LenientForms_GiveSameParameters(string header)
    {
        var challenge = AuthenticationChallenge.Parse(header);

        challenge.ShouldNotBeNull();
        challenge.IsDigest.ShouldBeTrue();
        challenge.Realm.ShouldBe("cam");
        challenge.Nonce.ShouldBe("abc");
        challenge.QopOptions.ShouldBe(["auth"]);
    }

    [Fact]
    public void Parse_EscapedQuote_Unescapes()
    {
        var challenge = AuthenticationChallenge.Parse("Digest realm=\"say \\\"hi\\\"\", nonce=\"n\"");

        challenge!.Realm.ShouldBe("say \"hi\"");
    }

    [Fact]
    public void Parse_UnterminatedQuote_TakesRestOfValue()
    {
        var challenge = AuthenticationChallenge.Parse("Digest realm=\"cam\", nonce=\"abc, def");

        challenge!.Nonce.ShouldBe("abc, def");
    }

    [Fact]
    public void Parse_UnquotedBase64Nonce_KeepsPadding()
    {
        var challenge = AuthenticationChallenge.Parse("Digest realm=cam, nonce=MTIzNA==, qop=auth");

        challenge!.Nonce.ShouldBe("MTIzNA==");
    }

    [Fact]
    public void ParseAll_TwoChallengesInOneValue_SplitsThem()
    {
        var challenges = AuthenticationChallenge.ParseAll(["Digest realm=\"cam\", nonce=\"n\", qop=\"auth,auth-int\", Basic realm=\"cam\""]);

        challenges.Count.ShouldBe(2);
        challenges[0].IsDigest.ShouldBeTrue();
        challenges[0].QopOptions.ShouldBe(["auth", "auth-int"]);
        challenges[1].IsBasic.ShouldBeTrue();
        challenges[1].Realm.ShouldBe("cam");
    }

    [Fact]
    public void ParseAll_SeparateHeaders_KeepsOrder()
    {
        var challenges = AuthenticationChallenge.ParseAll(["Basic realm=\"a\"", "Digest realm=\"b\", nonce=\"n\""]);

        challenges.Select(c => c.Scheme).ShouldBe(["Basic", "Digest"]);
    }

    [Fact]
    public void Parse_BasicToken68_KeepsToken()
    {
        var credentials = AuthenticationChallenge.Parse("Basic YWRtaW46MTIzNA==");

        credentials!.Parameter("token68").ShouldBe("YWRtaW46MTIzNA==");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(",,,")]
    public void Parse_NoChallenge_ReturnsNull(string header)
    {
        AuthenticationChallenge.Parse(header).ShouldBeNull();
    }

    [Fact]
    public void Parse_Garbage_DoesNotThrow()
    {
        var challenges = AuthenticationChallenge.ParseAll(["=\"\"==,\"\\", "Digest ===", "\"unterminated"]);

        challenges.ShouldNotBeNull();
    }

    [Fact]
    public void ToHeaderValue_RoundTrips()
    {
        var original = AuthenticationChallenge.Parse("Digest realm=\"a \\\"b\\\"\", nonce=\"n1\", algorithm=MD5, qop=\"auth\", stale=TRUE")!;

        var parsed = AuthenticationChallenge.Parse(original.ToHeaderValue())!;

        parsed.Realm.ShouldBe("a \"b\"");
        parsed.Nonce.ShouldBe("n1");
        parsed.Algorithm.ShouldBe("MD5");
        parsed.Stale.ShouldBeTrue();
    }

    [Fact]
    public void ToString_LeavesNonceOut()
    {
        var challenge = AuthenticationChallenge.Parse("Digest realm=\"cam\", nonce=\"secret-nonce\"")!;

        challenge.ToString().ShouldNotContain("secret-nonce");
    }
}
