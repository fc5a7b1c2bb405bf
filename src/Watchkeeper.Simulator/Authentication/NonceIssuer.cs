using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Watchkeeper.Simulator.Authentication;

/// <summary>
/// Issues and checks Digest nonces (RFC 2617 §3.2.1) without storing them: a nonce carries its issue time and
/// random bytes, signed with HMAC-SHA256 under a key that lives as long as the fleet.
/// </summary>
internal sealed class NonceIssuer(TimeProvider timeProvider, TimeSpan lifetime)
{
    private const int TimeLength = 8;
    private const int RandomLength = 8;
    private const int SignatureLength = 16;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Issue()
    {
        Span<byte> nonce = stackalloc byte[TimeLength + RandomLength + SignatureLength];
        BinaryPrimitives.WriteInt64BigEndian(nonce, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(nonce.Slice(TimeLength, RandomLength));
        Sign(nonce[..(TimeLength + RandomLength)], nonce[(TimeLength + RandomLength)..]);
        return Base64Url(nonce);
    }

    public NonceStatus Check(string nonce)
    {
        Span<byte> bytes = stackalloc byte[TimeLength + RandomLength + SignatureLength];
        if (!TryDecode(nonce, bytes))
        {
            return NonceStatus.Invalid;
        }

        Span<byte> expected = stackalloc byte[SignatureLength];
        Sign(bytes[..(TimeLength + RandomLength)], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes[(TimeLength + RandomLength)..]))
        {
            return NonceStatus.Invalid;
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes));
        var age = timeProvider.GetUtcNow() - issued;
        return age > lifetime || age < -lifetime ? NonceStatus.Stale : NonceStatus.Valid;
    }

    private void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, data, hash);
        hash[..signature.Length].CopyTo(signature);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string nonce, Span<byte> bytes)
    {
        if (nonce.Length is 0 or > 64)
        {
            return false;
        }

        var base64 = nonce.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        return Convert.TryFromBase64String(base64, bytes, out var written) && written == bytes.Length;
    }
}

internal enum NonceStatus
{
    Valid,

    /// <summary>Signed by this fleet but older than the lifetime: the client retries with stale=true (RFC 2617 §3.2.1).</summary>
    Stale,

    Invalid,
}
