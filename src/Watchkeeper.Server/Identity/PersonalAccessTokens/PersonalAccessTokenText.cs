using System.Security.Cryptography;
using System.Text;

namespace Watchkeeper.Server.Identity.PersonalAccessTokens;

/// <summary>
/// The text of a personal access token, <c>wkp_&lt;prefix&gt;_&lt;secret&gt;</c>: a fixed marker that secret scanners
/// and the authentication selector recognize, a lookup prefix, and the secret.
/// </summary>
public static class PersonalAccessTokenText
{
    public const string Marker = "wkp_";

    /// <summary>10 characters of base32: 50 random bits, enough to find a token by prefix without collisions in practice.</summary>
    public const int PrefixLength = 10;

    /// <summary>40 characters of base32: 200 random bits.</summary>
    public const int SecretLength = 40;

    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    private static readonly int s_textLength = Marker.Length + PrefixLength + 1 + SecretLength;

    public static string NewPrefix() => RandomNumberGenerator.GetString(Alphabet, PrefixLength);

    public static string NewSecret() => RandomNumberGenerator.GetString(Alphabet, SecretLength);

    public static string Format(string prefix, string secret) => $"{Marker}{prefix}_{secret}";

    public static bool LooksLikeToken(string? text) => text?.StartsWith(Marker, StringComparison.Ordinal) == true;

    /// <summary>Splits a token text; false for anything of the wrong length or with characters outside the alphabet.</summary>
    public static bool TryParse(string? text, out string prefix, out string secret)
    {
        prefix = string.Empty;
        secret = string.Empty;
        if (text is null || text.Length != s_textLength || !LooksLikeToken(text) || text[Marker.Length + PrefixLength] != '_')
        {
            return false;
        }

        var prefixPart = text.AsSpan(Marker.Length, PrefixLength);
        var secretPart = text.AsSpan(Marker.Length + PrefixLength + 1);
        if (prefixPart.ContainsAnyExcept(Alphabet) || secretPart.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        prefix = prefixPart.ToString();
        secret = secretPart.ToString();
        return true;
    }

    public static byte[] HashSecret(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));
}
