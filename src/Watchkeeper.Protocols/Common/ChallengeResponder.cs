using System.Globalization;
using System.Text;

namespace Watchkeeper.Protocols.Common;

/// <summary>
/// The client side of Basic and Digest authentication for one user: picks a challenge the server offered and
/// writes the Authorization header of each following request.
/// </summary>
/// <remarks>
/// Credentials are never sent before a challenge requests them, so a Basic password does not travel to a
/// server that wanted Digest. Not thread-safe: use one instance per connection or request sequence.
/// </remarks>
public sealed class ChallengeResponder
{
    private readonly string _userName;
    private readonly string _password;
    private readonly Func<string> _createClientNonce;
    private int _nonceCount;

    public ChallengeResponder(string userName, string password, Func<string>? createClientNonce = null)
    {
        _userName = userName;
        _password = password;
        _createClientNonce = createClientNonce ?? DigestAuthentication.CreateClientNonce;
    }

    /// <summary>The challenge in use, or null before <see cref="Accept"/> found a usable one.</summary>
    public AuthenticationChallenge? Challenge { get; private set; }

    /// <summary>
    /// Chooses the challenge to answer: the first Digest challenge whose algorithm and qop are supported,
    /// else the first Basic challenge. Returns false when none is usable.
    /// </summary>
    public bool Accept(IEnumerable<AuthenticationChallenge> challenges)
    {
        var offered = challenges.ToList();
        var chosen = offered.FirstOrDefault(IsUsableDigest) ?? offered.FirstOrDefault(c => c.IsBasic);
        if (chosen is null)
        {
            return false;
        }

        if (Challenge?.Nonce != chosen.Nonce)
        {
            _nonceCount = 0;
        }

        Challenge = chosen;
        return true;
    }

    /// <summary>
    /// Returns the Authorization header value for a request, or null before a challenge was accepted.
    /// <paramref name="uri"/> is the request target exactly as the request line carries it.
    /// </summary>
    public string? Authorize(string method, string uri, ReadOnlyMemory<byte> entityBody = default)
    {
        if (Challenge is null)
        {
            return null;
        }

        if (Challenge.IsBasic)
        {
            return DigestAuthentication.FormatBasic(_userName, _password);
        }

        var qop = ChooseQop(Challenge);
        _nonceCount++;
        var input = new DigestInput(
            Challenge.Algorithm,
            _userName,
            Challenge.Realm ?? "",
            _password,
            Challenge.Nonce ?? "",
            method,
            uri,
            qop,
            _nonceCount.ToString("x8", CultureInfo.InvariantCulture),
            qop is null && Challenge.Algorithm?.EndsWith("-sess", StringComparison.OrdinalIgnoreCase) != true ? "" : _createClientNonce())
        {
            EntityBody = entityBody,
        };

        return FormatDigest(input, Challenge.Opaque);
    }

    /// <summary>
    /// Returns whether a 401 carrying <paramref name="challenges"/> deserves one more authenticated attempt: when
    /// the request carried no credentials, or when a Digest challenge brings a nonce other than the one just used
    /// (stale, or a server that issues a nonce per request). A second 401 to the same nonce means a wrong password.
    /// </summary>
    public bool ShouldRetry(IEnumerable<AuthenticationChallenge> challenges, bool credentialsSent) =>
        !credentialsSent || challenges.Any(c => c.IsDigest && (c.Stale || c.Nonce != Challenge?.Nonce));

    /// <summary>Returns whether a Digest challenge names a supported algorithm and, if it offers qop, "auth" or "auth-int".</summary>
    public static bool IsUsableDigest(AuthenticationChallenge challenge) =>
        challenge.IsDigest
        && challenge.Nonce is not null
        && DigestAuthentication.IsSupportedAlgorithm(challenge.Algorithm)
        && (challenge.QopOptions.Count == 0 || ChooseQop(challenge) is not null);

    private static string? ChooseQop(AuthenticationChallenge challenge)
    {
        var options = challenge.QopOptions;
        if (options.Any(o => o.Equals("auth", StringComparison.OrdinalIgnoreCase)))
        {
            return "auth";
        }

        return options.Any(o => o.Equals("auth-int", StringComparison.OrdinalIgnoreCase)) ? "auth-int" : null;
    }

    private static string FormatDigest(DigestInput input, string? opaque)
    {
        var header = new StringBuilder("Digest ");
        header.Append("username=").Append(AuthenticationChallenge.Quote(input.UserName));
        header.Append(", realm=").Append(AuthenticationChallenge.Quote(input.Realm));
        header.Append(", nonce=").Append(AuthenticationChallenge.Quote(input.Nonce));
        header.Append(", uri=").Append(AuthenticationChallenge.Quote(input.Uri));
        if (input.Algorithm is not null)
        {
            header.Append(", algorithm=").Append(input.Algorithm);
        }

        header.Append(", response=").Append(AuthenticationChallenge.Quote(DigestAuthentication.ComputeResponse(input)));
        if (opaque is not null)
        {
            header.Append(", opaque=").Append(AuthenticationChallenge.Quote(opaque));
        }

        if (input.Qop is not null)
        {
            header.Append(", qop=").Append(input.Qop);
            header.Append(", nc=").Append(input.NonceCount);
            header.Append(", cnonce=").Append(AuthenticationChallenge.Quote(input.ClientNonce));
        }

        return header.ToString();
    }
}
