using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Watchkeeper.Simulator.Authentication;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>
/// A Digest challenge from the platform's 401 and the Authorization values that answer it (RFC 2617 §3.2, as
/// RFC 3261 §22.4 uses it): MD5, with qop=auth when the challenge offers it, the algorithm token echoed as sent.
/// </summary>
internal sealed class DigestChallenge
{
    private int _nonceCount;

    private DigestChallenge(string realm, string nonce, string? algorithm, bool qopAuth, string? opaque)
    {
        Realm = realm;
        Nonce = nonce;
        Algorithm = algorithm;
        OffersQopAuth = qopAuth;
        Opaque = opaque;
    }

    public string Realm { get; }

    public string Nonce { get; }

    /// <summary>The algorithm token exactly as the challenge spelled it, or null when it named none.</summary>
    public string? Algorithm { get; }

    public bool OffersQopAuth { get; }

    public string? Opaque { get; }

    /// <summary>Parses a WWW-Authenticate value; null when it is not an MD5 Digest challenge with realm and nonce.</summary>
    public static DigestChallenge? Parse(string? header)
    {
        if (header is null || !header.TrimStart().StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parameters = AuthParameters.Parse(header.TrimStart().AsSpan(7));
        if (parameters is null || !parameters.TryGetValue("realm", out var realm) || !parameters.TryGetValue("nonce", out var nonce))
        {
            return null;
        }

        var algorithm = parameters.GetValueOrDefault("algorithm");
        if (algorithm is not null && !algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var qop = parameters.GetValueOrDefault("qop") ?? "";
        var offersAuth = qop.Split(',', StringSplitOptions.TrimEntries).Any(option => option.Equals("auth", StringComparison.OrdinalIgnoreCase));
        return new DigestChallenge(realm, nonce, algorithm, offersAuth, parameters.GetValueOrDefault("opaque"));
    }

    /// <summary>Returns the Authorization header value for <paramref name="method"/> on <paramref name="uri"/>; each call counts nc up.</summary>
    public string Authorize(string method, string uri, string userName, string password)
    {
        var ha1 = Md5($"{userName}:{Realm}:{password}");
        var ha2 = Md5($"{method}:{uri}");
        var header = new StringBuilder("Digest ");
        header.Append(CultureInfo.InvariantCulture, $"username=\"{userName}\", realm=\"{Realm}\", nonce=\"{Nonce}\", uri=\"{uri}\"");
        if (OffersQopAuth)
        {
            var nonceCount = Interlocked.Increment(ref _nonceCount).ToString("x8", CultureInfo.InvariantCulture);
            var clientNonce = SipUris.NewToken();
            var response = Md5($"{ha1}:{Nonce}:{nonceCount}:{clientNonce}:auth:{ha2}");
            header.Append(CultureInfo.InvariantCulture, $", response=\"{response}\", qop=auth, nc={nonceCount}, cnonce=\"{clientNonce}\"");
        }
        else
        {
            header.Append(CultureInfo.InvariantCulture, $", response=\"{Md5($"{ha1}:{Nonce}:{ha2}")}\"");
        }

        if (Algorithm is not null)
        {
            header.Append(", algorithm=").Append(Algorithm);
        }

        if (Opaque is not null)
        {
            header.Append(", opaque=\"").Append(Opaque).Append('"');
        }

        return header.ToString();
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
