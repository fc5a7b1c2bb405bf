using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Watchkeeper.Server.Tests.Identity;

/// <summary>
/// Computes the codes an authenticator app shows, written here from RFC 6238 (TOTP: HMAC-SHA1, 30-second steps,
/// 6 digits) and RFC 4226 section 5.3 (dynamic truncation), so that the tests do not trust the server's own code.
/// </summary>
public static class Totp
{
    public static string Compute(string base32Key, DateTimeOffset time)
    {
        var step = time.ToUnixTimeSeconds() / 30;
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(DecodeBase32(base32Key), counter);

        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Returns a valid 6-digit code that is not the current one, for tests of a wrong code.</summary>
    public static string Wrong(string base32Key, DateTimeOffset time)
    {
        var valid = new[] { -1, 0, 1 }.Select(steps => Compute(base32Key, time.AddSeconds(30 * steps))).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(candidate => !valid.Contains(candidate));
    }

    // RFC 4648 base32, upper or lower case, spaces and padding ignored.
    private static byte[] DecodeBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var character in text.ToUpperInvariant())
        {
            if (character is ' ' or '=')
            {
                continue;
            }

            buffer = (buffer << 5) | alphabet.IndexOf(character, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. output];
    }
}
