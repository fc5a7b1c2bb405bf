using System.Security.Cryptography;
using System.Text;
using Watchkeeper.Simulator.Networking;

namespace Watchkeeper.Simulator.Authentication;

/// <summary>The HTTP authentication schemes a simulated service accepts.</summary>
[Flags]
internal enum AuthSchemes
{
    /// <summary>RFC 2617 §2: the user name and password in Base64, as old cameras still accept.</summary>
    Basic = 1,

    /// <summary>RFC 2617 §3 with MD5 and qop=auth; the RFC 2069 form without qop is accepted too.</summary>
    Digest = 2,
}

internal enum AuthenticationResult
{
    Authorized,

    /// <summary>No credentials for an accepted scheme: the device challenges (401).</summary>
    Missing,

    /// <summary>Wrong user name or password, or a malformed header: the device challenges again (401).</summary>
    Rejected,

    /// <summary>The right password on an expired nonce: the device challenges with stale=TRUE (RFC 2617 §3.2.1).</summary>
    Stale,
}

/// <summary>
/// Checks the Authorization header of RTSP and HTTP requests against a device account (RFC 2617), and writes the
/// WWW-Authenticate challenges of a 401.
/// </summary>
internal sealed class RequestAuthenticator(DeviceAccount account, string realm, AuthSchemes schemes, NonceIssuer nonces)
{
    public DeviceAccount Account => account;

    public AuthenticationResult Authenticate(string method, string target, string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return AuthenticationResult.Missing;
        }

        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? authorization : authorization[..space];
        var credentials = space < 0 ? "" : authorization[(space + 1)..].Trim();

        if (scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase) && schemes.HasFlag(AuthSchemes.Digest))
        {
            return CheckDigest(method, target, credentials);
        }

        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && schemes.HasFlag(AuthSchemes.Basic))
        {
            return CheckBasic(credentials);
        }

        return AuthenticationResult.Missing;
    }

    /// <summary>Turns <paramref name="response"/> into a 401 with one challenge per accepted scheme, Digest first.</summary>
    public void AddChallenges(MessageResponse response, bool stale)
    {
        if (schemes.HasFlag(AuthSchemes.Digest))
        {
            var staleParameter = stale ? ", stale=TRUE" : "";
            response.WithHeader("WWW-Authenticate", $"Digest realm=\"{realm}\", qop=\"auth\", nonce=\"{nonces.Issue()}\", algorithm=MD5{staleParameter}");
        }

        if (schemes.HasFlag(AuthSchemes.Basic))
        {
            response.WithHeader("WWW-Authenticate", $"Basic realm=\"{realm}\"");
        }
    }

    private AuthenticationResult CheckBasic(string credentials)
    {
        Span<byte> decoded = stackalloc byte[256];
        if (!Convert.TryFromBase64String(credentials, decoded, out var length))
        {
            return AuthenticationResult.Rejected;
        }

        var expected = Encoding.UTF8.GetBytes($"{account.UserName}:{account.Password}");
        return CryptographicOperations.FixedTimeEquals(decoded[..length], expected)
            ? AuthenticationResult.Authorized
            : AuthenticationResult.Rejected;
    }

    private AuthenticationResult CheckDigest(string method, string target, string credentials)
    {
        var parameters = AuthParameters.Parse(credentials);
        if (parameters is null
            || !parameters.TryGetValue("username", out var userName)
            || !parameters.TryGetValue("realm", out var requestRealm)
            || !parameters.TryGetValue("nonce", out var nonce)
            || !parameters.TryGetValue("uri", out var uri)
            || !parameters.TryGetValue("response", out var digest))
        {
            return AuthenticationResult.Rejected;
        }

        var algorithm = parameters.GetValueOrDefault("algorithm", "MD5");
        if (!algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase)
            || requestRealm != realm
            || userName != account.UserName
            || !SameResource(uri, target))
        {
            return AuthenticationResult.Rejected;
        }

        var expected = ExpectedDigest(method, uri, nonce, parameters);
        if (expected is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(digest.ToLowerInvariant()), Encoding.ASCII.GetBytes(expected)))
        {
            return AuthenticationResult.Rejected;
        }

        // NOTE: nonce counts (nc) are not tracked, so a captured response is accepted again until its nonce expires.
        return nonces.Check(nonce) switch
        {
            NonceStatus.Valid => AuthenticationResult.Authorized,
            NonceStatus.Stale => AuthenticationResult.Stale,
            _ => AuthenticationResult.Rejected,
        };
    }

    private string? ExpectedDigest(string method, string uri, string nonce, Dictionary<string, string> parameters)
    {
        var ha1 = Md5Hex($"{account.UserName}:{realm}:{account.Password}");
        var ha2 = Md5Hex($"{method}:{uri}");
        if (!parameters.TryGetValue("qop", out var qop))
        {
            return Md5Hex($"{ha1}:{nonce}:{ha2}");
        }

        if (!qop.Equals("auth", StringComparison.OrdinalIgnoreCase)
            || !parameters.TryGetValue("nc", out var nonceCount)
            || !parameters.TryGetValue("cnonce", out var clientNonce))
        {
            return null;
        }

        return Md5Hex($"{ha1}:{nonce}:{nonceCount}:{clientNonce}:{qop}:{ha2}");
    }

    /// <summary>
    /// RFC 2617 §3.2.2.5: the digest-uri must name the requested resource. Clients differ in sending the absolute URL
    /// or only its path, so both forms of the same resource match.
    /// </summary>
    private static bool SameResource(string uri, string target) =>
        uri == target || MessageTargets.PathAndQuery(uri) == MessageTargets.PathAndQuery(target);

    private static string Md5Hex(string text) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
