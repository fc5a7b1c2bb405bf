using System.Security.Cryptography;
using System.Text;

namespace Watchkeeper.Protocols.Common;

/// <summary>The inputs of one Digest response computation.</summary>
/// <param name="Algorithm">The algorithm token as the challenge sent it; null means MD5.</param>
/// <param name="Qop">"auth", "auth-int", or null for the RFC 2069 form.</param>
/// <param name="NonceCount">Eight hex digits, e.g. "00000001"; ignored without qop.</param>
/// <param name="ClientNonce">The cnonce; ignored without qop and for algorithms without "-sess".</param>
public sealed record DigestInput(
    string? Algorithm,
    string UserName,
    string Realm,
    string Password,
    string Nonce,
    string Method,
    string Uri,
    string? Qop = null,
    string NonceCount = "00000001",
    string ClientNonce = "")
{
    /// <summary>The message body, hashed into A2 only for qop=auth-int.</summary>
    public ReadOnlyMemory<byte> EntityBody { get; init; }
}

/// <summary>
/// Digest access authentication: RFC 2617 (qop=auth and auth-int), the RFC 2069 form without qop, and the
/// SHA-256 algorithms of RFC 7616. Protocol-neutral: HTTP, RTSP and SIP compute it the same way.
/// </summary>
public static class DigestAuthentication
{
    /// <summary>Returns whether the algorithm token (any case; null means MD5) is one this class computes.</summary>
    public static bool IsSupportedAlgorithm(string? algorithm) => HashFor(algorithm) is not null;

    /// <summary>Computes the request-digest as lowercase hex.</summary>
    /// <exception cref="NotSupportedException">The algorithm is not MD5, MD5-sess, SHA-256 or SHA-256-sess.</exception>
    public static string ComputeResponse(DigestInput input)
    {
        var hash = HashFor(input.Algorithm)
            ?? throw new NotSupportedException($"Digest algorithm '{input.Algorithm}' is not supported");

        var secret = hash($"{input.UserName}:{input.Realm}:{input.Password}");
        if (input.Algorithm?.EndsWith("-sess", StringComparison.OrdinalIgnoreCase) == true)
        {
            secret = hash($"{secret}:{input.Nonce}:{input.ClientNonce}");
        }

        var request = $"{input.Method}:{input.Uri}";
        if (string.Equals(input.Qop, "auth-int", StringComparison.OrdinalIgnoreCase))
        {
            request += ":" + HashBytes(input.Algorithm, input.EntityBody.Span);
        }

        var requestHash = hash(request);
        return input.Qop is null
            ? hash($"{secret}:{input.Nonce}:{requestHash}")
            : hash($"{secret}:{input.Nonce}:{input.NonceCount}:{input.ClientNonce}:{input.Qop}:{requestHash}");
    }

    /// <summary>Creates a random client nonce: 16 hex digits.</summary>
    public static string CreateClientNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Formats the value of a Basic Authorization header (RFC 7617), encoding the pair as UTF-8.</summary>
    public static string FormatBasic(string userName, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}"));

    private static Func<string, string>? HashFor(string? algorithm)
    {
        if (IsFamily(algorithm, "MD5"))
        {
            return text => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
        }

        if (IsFamily(algorithm, "SHA-256"))
        {
            return text => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        }

        return null;
    }

    private static string HashBytes(string? algorithm, ReadOnlySpan<byte> bytes) => IsFamily(algorithm, "SHA-256")
        ? Convert.ToHexStringLower(SHA256.HashData(bytes))
        : Convert.ToHexStringLower(MD5.HashData(bytes));

    private static bool IsFamily(string? algorithm, string family)
    {
        if (algorithm is null)
        {
            return family == "MD5";
        }

        return algorithm.Equals(family, StringComparison.OrdinalIgnoreCase)
            || algorithm.Equals(family + "-sess", StringComparison.OrdinalIgnoreCase);
    }
}
