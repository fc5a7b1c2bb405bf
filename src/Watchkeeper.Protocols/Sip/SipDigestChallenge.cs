using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Watchkeeper.Protocols.Sip;

public enum SipNonceState
{
    Valid,

    /// <summary>Issued by this server but older than the nonce lifetime (or dated in the future).</summary>
    Stale,

    /// <summary>Not issued by this server, or issued under another secret (such as before a restart).</summary>
    Invalid,
}

/// <summary>
/// Creates Digest challenges (RFC 3261 section 22.4, RFC 2617) for the WWW-Authenticate header of a 401, with
/// nonces the server can check without storing them: each nonce is a timestamp and an HMAC-SHA256 of that
/// timestamp under a server secret.
/// </summary>
/// <remarks>
/// NOTE: being stateless, a nonce is not bound to one device and its nonce-count is not tracked, so a captured
/// Authorization can be replayed until the nonce expires.
/// </remarks>
public sealed class SipDigestChallenge
{
    public static readonly TimeSpan DefaultNonceLifetime = TimeSpan.FromMinutes(5);

    // Leeway for a timestamp from the future: none is expected, since only this server creates nonces.
    private static readonly TimeSpan FutureLeeway = TimeSpan.FromSeconds(5);

    private const int TimestampHexDigits = 12;
    private const int MacBytes = 12;
    private const int NonceLength = TimestampHexDigits + (2 * MacBytes);

    private readonly byte[] _secret;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a challenge source with a random secret: nonces do not survive a restart.</summary>
    public SipDigestChallenge(TimeProvider? timeProvider = null, TimeSpan? nonceLifetime = null)
        : this(RandomNumberGenerator.GetBytes(32), timeProvider, nonceLifetime)
    {
    }

    public SipDigestChallenge(byte[] secret, TimeProvider? timeProvider = null, TimeSpan? nonceLifetime = null)
    {
        if (secret.Length < 16)
        {
            throw new ArgumentException("The nonce secret needs at least 16 bytes.", nameof(secret));
        }

        _secret = secret.ToArray();
        _timeProvider = timeProvider ?? TimeProvider.System;
        NonceLifetime = nonceLifetime ?? DefaultNonceLifetime;
    }

    public TimeSpan NonceLifetime { get; }

    /// <summary>Creates a nonce of 36 lowercase hex digits: 12 of Unix milliseconds, 24 of the HMAC.</summary>
    public string CreateNonce()
    {
        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture);
        return timestamp + ComputeMac(timestamp);
    }

    public SipNonceState ValidateNonce(string nonce)
    {
        if (nonce.Length != NonceLength
            || !long.TryParse(nonce.AsSpan(0, TimestampHexDigits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var issuedMilliseconds))
        {
            return SipNonceState.Invalid;
        }

        var expected = Encoding.ASCII.GetBytes(ComputeMac(nonce[..TimestampHexDigits]));
        var received = Encoding.ASCII.GetBytes(nonce[TimestampHexDigits..].ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, received))
        {
            return SipNonceState.Invalid;
        }

        var age = _timeProvider.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(issuedMilliseconds);
        return age > NonceLifetime || age < -FutureLeeway ? SipNonceState.Stale : SipNonceState.Valid;
    }

    /// <summary>
    /// Creates a WWW-Authenticate value with a fresh nonce, such as
    /// <c>Digest realm="3402000000", nonce="...", algorithm=MD5</c>, the form without qop that eXosip platforms
    /// send. Set <paramref name="offerQop"/> to offer qop="auth". Set <paramref name="stale"/> after a
    /// <see cref="SipDigestOutcome.StaleNonce"/>, so that the device retries without treating it as a wrong password.
    /// </summary>
    public string CreateHeaderValue(string realm, bool offerQop = false, bool stale = false)
    {
        var text = new StringBuilder("Digest realm=\"", 128);
        text.Append(realm.Replace("\"", "", StringComparison.Ordinal)).Append("\", nonce=\"").Append(CreateNonce()).Append('"');
        if (offerQop)
        {
            text.Append(", qop=\"auth\"");
        }

        if (stale)
        {
            text.Append(", stale=TRUE");
        }

        text.Append(", algorithm=MD5");
        return text.ToString();
    }

    private string ComputeMac(string timestamp)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_secret, Encoding.ASCII.GetBytes(timestamp), mac);
        return Convert.ToHexStringLower(mac[..MacBytes]);
    }
}
