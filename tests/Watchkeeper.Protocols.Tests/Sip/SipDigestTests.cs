using Microsoft.Extensions.Time.Testing;
using Watchkeeper.Protocols.Common;
using Watchkeeper.Protocols.Sip;
using Watchkeeper.TestSupport;

namespace Watchkeeper.Protocols.Tests.Sip;

public sealed class SipDigestTests
{
    private const string Realm = "34020000";
    private const string DeviceId = "34020000001320000002";
    private const string Password = "12345678";
    private const string DigestUri = "sip:34020000002000000010@192.168.6.106:5062";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 17, 6, 7, 33, TimeSpan.Zero));
    private readonly SipDigestChallenge _challenge;

    public SipDigestTests()
    {
        _challenge = new SipDigestChallenge(new byte[32], _time);
    }

    private static string? Lookup(string userName) => userName == DeviceId ? Password : null;

    /// <summary>Returns the Dahua REGISTER capture with its Authorization replaced by one computed for <paramref name="password"/>.</summary>
    private static SipRequest Register(string authorization)
    {
        var request = (SipRequest)SipCaptureParsingTests.Parse("gb_dahua_sd_register_auth.sip");
        request.Headers.Set("Authorization", authorization);
        return request;
    }

    private static string Authorization(string nonce, string password = Password, string algorithm = "MD5", string? qop = null, string cnonce = "0a4f113b")
    {
        var response = DigestAuthentication.ComputeResponse(new DigestInput(algorithm, DeviceId, Realm, password, nonce, SipMethods.Register, DigestUri, qop, "00000001", cnonce));
        var qopPart = qop is null ? "" : $", qop={qop}, nc=00000001, cnonce=\"{cnonce}\"";
        return $"Digest username=\"{DeviceId}\", realm=\"{Realm}\", nonce=\"{nonce}\", uri=\"{DigestUri}\", response=\"{response}\", algorithm={algorithm}{qopPart}";
    }

    [Fact]
    public void Capture_Challenge_ParsesEveryField()
    {
        var response = SipCaptureParsingTests.Parse("gb_exosip_401_challenge.sip");

        var challenge = AuthenticationChallenge.Parse(response.Headers.Get("WWW-Authenticate")!)!;

        challenge.IsDigest.ShouldBeTrue();
        challenge.Realm.ShouldBe(Realm);
        challenge.Nonce.ShouldBe("1715926053");
        challenge.Algorithm.ShouldBe("MD5");
        challenge.QopOptions.ShouldBeEmpty();
    }

    [Fact]
    public void Capture_Register_ParsesEveryCredentialField()
    {
        var request = SipCaptureParsingTests.Parse("gb_dahua_sd_register_auth.sip");

        var credentials = DigestCredentials.Parse(request.Headers.Get("Authorization")!)!;

        credentials.UserName.ShouldBe(DeviceId);
        credentials.Realm.ShouldBe(Realm);
        credentials.Nonce.ShouldBe("1715926053");
        credentials.Uri.ShouldBe(DigestUri);
        credentials.Response.ShouldBe("fa983ee8abd2b6ff36b857c660b06f67");
        credentials.Algorithm.ShouldBe("MD5");
        credentials.Qop.ShouldBeNull();
    }

    [Fact]
    public void Capture_RegisterRecomputedWithPassword_Verifies()
    {
        // The device's real password is unknown, so the captured request is answered anew with a known one.
        var request = Register(Authorization(_challenge.CreateNonce()));

        var result = SipDigestVerifier.Verify(request, Realm, Lookup, _challenge);

        result.Outcome.ShouldBe(SipDigestOutcome.Verified);
        result.UserName.ShouldBe(DeviceId);
    }

    [Fact]
    public void Verify_CapturedNonce_IsInvalidNonce()
    {
        var request = (SipRequest)SipCaptureParsingTests.Parse("gb_dahua_sd_register_auth.sip");

        var result = SipDigestVerifier.Verify(request, Realm, Lookup, _challenge);

        result.Outcome.ShouldBe(SipDigestOutcome.InvalidNonce);
    }

    [Fact]
    public void Verify_WithQopAuth_Verifies()
    {
        var request = Register(Authorization(_challenge.CreateNonce(), qop: "auth"));

        SipDigestVerifier.Verify(request, Realm, Lookup, _challenge).Outcome.ShouldBe(SipDigestOutcome.Verified);
    }

    [Fact]
    public void Verify_LowercaseAlgorithm_Verifies()
    {
        var request = Register(Authorization(_challenge.CreateNonce(), algorithm: "md5"));

        SipDigestVerifier.Verify(request, Realm, Lookup, _challenge).Outcome.ShouldBe(SipDigestOutcome.Verified);
    }

    [Fact]
    public void Verify_UnquotedValuesInOtherOrder_Verifies()
    {
        var nonce = _challenge.CreateNonce();
        var response = DigestAuthentication.ComputeResponse(new DigestInput(null, DeviceId, Realm, Password, nonce, SipMethods.Register, DigestUri));
        var request = Register($"Digest response={response},uri=\"{DigestUri}\",nonce={nonce},realm={Realm},username={DeviceId}");

        SipDigestVerifier.Verify(request, Realm, Lookup, _challenge).Outcome.ShouldBe(SipDigestOutcome.Verified);
    }

    [Fact]
    public void Verify_WrongPassword_IsWrongResponse()
    {
        var request = Register(Authorization(_challenge.CreateNonce(), password: "87654321"));

        var result = SipDigestVerifier.Verify(request, Realm, Lookup, _challenge);

        result.Outcome.ShouldBe(SipDigestOutcome.WrongResponse);
        result.UserName.ShouldBe(DeviceId);
    }

    [Fact]
    public void Verify_WrongPasswordWithQop_IsWrongResponse()
    {
        var request = Register(Authorization(_challenge.CreateNonce(), password: "87654321", qop: "auth"));

        SipDigestVerifier.Verify(request, Realm, Lookup, _challenge).Outcome.ShouldBe(SipDigestOutcome.WrongResponse);
    }

    [Fact]
    public void Verify_ExpiredNonce_IsStaleNonce()
    {
        var request = Register(Authorization(_challenge.CreateNonce()));
        _time.Advance(_challenge.NonceLifetime + TimeSpan.FromSeconds(1));

        SipDigestVerifier.Verify(request, Realm, Lookup, _challenge).Outcome.ShouldBe(SipDigestOutcome.StaleNonce);
    }

    [Fact]
    public void Verify_NonceJustInsideLifetime_Verifies()
    {
        var request = Register(Authorization(_challenge.CreateNonce()));
        _time.Advance(_challenge.NonceLifetime - TimeSpan.FromSeconds(1));

        SipDigestVerifier.Verify(request, Realm, Lookup, _challenge).Outcome.ShouldBe(SipDigestOutcome.Verified);
    }

    [Fact]
    public void Verify_NonceFromOtherSecret_IsInvalidNonce()
    {
        var other = new SipDigestChallenge(Enumerable.Repeat((byte)1, 32).ToArray(), _time);
        var request = Register(Authorization(other.CreateNonce()));

        SipDigestVerifier.Verify(request, Realm, Lookup, _challenge).Outcome.ShouldBe(SipDigestOutcome.InvalidNonce);
    }

    [Fact]
    public void Verify_NoAuthorization_IsMissingCredentials()
    {
        var request = (SipRequest)SipCaptureParsingTests.Parse("gb_dahua_sd_register_noauth.sip");

        SipDigestVerifier.Verify(request, Realm, Lookup, _challenge).Outcome.ShouldBe(SipDigestOutcome.MissingCredentials);
    }

    [Fact]
    public void Verify_UserNameNotDeviceId_AsksLookup()
    {
        var nonce = _challenge.CreateNonce();
        var response = DigestAuthentication.ComputeResponse(new DigestInput("MD5", "admin", Realm, "domain-secret", nonce, SipMethods.Register, DigestUri));
        var request = Register($"Digest username=\"admin\", realm=\"{Realm}\", nonce=\"{nonce}\", uri=\"{DigestUri}\", response=\"{response}\", algorithm=MD5");
        var asked = new List<string>();

        var result = SipDigestVerifier.Verify(request, Realm, user => { asked.Add(user); return "domain-secret"; }, _challenge);

        result.Outcome.ShouldBe(SipDigestOutcome.Verified);
        asked.ShouldBe(["admin"]);
    }

    [Fact]
    public void Verify_UnknownUser_IsUnknownUser()
    {
        var request = Register(Authorization(_challenge.CreateNonce()));

        SipDigestVerifier.Verify(request, Realm, _ => null, _challenge).Outcome.ShouldBe(SipDigestOutcome.UnknownUser);
    }

    [Fact]
    public void Verify_UnsupportedAlgorithm_IsUnsupportedAlgorithm()
    {
        var request = Register(Authorization(_challenge.CreateNonce()).Replace("algorithm=MD5", "algorithm=SHA-512-256", StringComparison.Ordinal));

        SipDigestVerifier.Verify(request, Realm, Lookup, _challenge).Outcome.ShouldBe(SipDigestOutcome.UnsupportedAlgorithm);
    }

    [Fact]
    public void Verify_OtherRealm_IsRealmMismatch()
    {
        var request = Register(Authorization(_challenge.CreateNonce()));

        SipDigestVerifier.Verify(request, "3402000000", Lookup, _challenge).Outcome.ShouldBe(SipDigestOutcome.RealmMismatch);
    }

    [Fact]
    public void CreateHeaderValue_WithQopAndStale_ParsesBack()
    {
        var value = _challenge.CreateHeaderValue(Realm, offerQop: true, stale: true);

        var parsed = AuthenticationChallenge.Parse(value)!;

        parsed.Realm.ShouldBe(Realm);
        parsed.Algorithm.ShouldBe("MD5");
        parsed.QopOptions.ShouldBe(["auth"]);
        parsed.Stale.ShouldBeTrue();
        _challenge.ValidateNonce(parsed.Nonce!).ShouldBe(SipNonceState.Valid);
    }

    [Fact]
    public void ValidateNonce_TamperedTimestamp_IsInvalid()
    {
        var nonce = _challenge.CreateNonce();
        var tampered = (nonce[0] == '0' ? "1" : "0") + nonce[1..];

        _challenge.ValidateNonce(tampered).ShouldBe(SipNonceState.Invalid);
    }
}
