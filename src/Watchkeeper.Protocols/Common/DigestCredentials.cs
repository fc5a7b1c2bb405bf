using System.Security.Cryptography;
using System.Text;

namespace Watchkeeper.Protocols.Common;

/// <summary>
/// The Digest credentials of an Authorization header, for the server side: a platform that challenges devices
/// (as a GB/T 28181 SIP server does) checks them with <see cref="Verify"/>.
/// </summary>
public sealed class DigestCredentials
{
    private readonly AuthenticationChallenge _fields;

    private DigestCredentials(AuthenticationChallenge fields)
    {
        _fields = fields;
    }

    public string UserName => _fields.Parameter("username") ?? "";

    public string Realm => _fields.Realm ?? "";

    public string Nonce => _fields.Nonce ?? "";

    public string Uri => _fields.Parameter("uri") ?? "";

    public string Response => _fields.Parameter("response") ?? "";

    public string? Algorithm => _fields.Algorithm;

    public string? Qop => _fields.Parameter("qop");

    public string? NonceCount => _fields.Parameter("nc");

    public string? ClientNonce => _fields.Parameter("cnonce");

    public string? Opaque => _fields.Opaque;

    /// <summary>
    /// Parses an Authorization header value; returns null unless it is Digest with username, nonce and response.
    /// </summary>
    public static DigestCredentials? Parse(string authorizationValue)
    {
        var fields = AuthenticationChallenge.Parse(authorizationValue);
        if (fields is not { IsDigest: true }
            || fields.Parameter("username") is null
            || fields.Nonce is null
            || fields.Parameter("response") is null)
        {
            return null;
        }

        return new DigestCredentials(fields);
    }

    /// <summary>
    /// Returns whether the response matches <paramref name="password"/> for <paramref name="method"/>. The
    /// caller checks separately that the nonce is one it issued and that realm and uri are the expected ones.
    /// </summary>
    public bool Verify(string password, string method, ReadOnlyMemory<byte> entityBody = default)
    {
        if (!DigestAuthentication.IsSupportedAlgorithm(Algorithm))
        {
            return false;
        }

        var expected = DigestAuthentication.ComputeResponse(new DigestInput(
            Algorithm, UserName, Realm, password, Nonce, method, Uri, Qop, NonceCount ?? "", ClientNonce ?? "")
        {
            EntityBody = entityBody,
        });

        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(Response.ToLowerInvariant()));
    }
}
