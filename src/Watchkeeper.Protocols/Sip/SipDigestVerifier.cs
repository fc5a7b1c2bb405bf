using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Sip;

public enum SipDigestOutcome
{
    Verified,

    /// <summary>No Digest Authorization header with username, nonce and response: send a challenge.</summary>
    MissingCredentials,

    /// <summary>The credentials name another realm than the one this server challenges with.</summary>
    RealmMismatch,

    /// <summary>The algorithm is not one that <see cref="DigestAuthentication"/> computes.</summary>
    UnsupportedAlgorithm,

    /// <summary>The nonce was not issued by this server (or was issued before its secret changed): challenge again.</summary>
    InvalidNonce,

    /// <summary>The password lookup returned no password for the user name.</summary>
    UnknownUser,

    /// <summary>The response does not match the password.</summary>
    WrongResponse,

    /// <summary>The response matches, but the nonce has expired: challenge again with stale=TRUE.</summary>
    StaleNonce,
}

/// <summary>The outcome of a Digest check, and the user name from the Authorization header when there was one.</summary>
public sealed record SipDigestResult(SipDigestOutcome Outcome, string? UserName)
{
    public bool IsVerified => Outcome == SipDigestOutcome.Verified;
}

/// <summary>
/// Checks the Digest credentials of a request (a REGISTER, in GB/T 28181) on the server side: MD5 with or
/// without qop, the algorithm token in any case, parameters quoted or not and in any order.
/// </summary>
public static class SipDigestVerifier
{
    /// <summary>
    /// Verifies the Authorization header of <paramref name="request"/>. The user name is whatever the header
    /// carries, which GB/T 28181 devices need not set to their device ID; <paramref name="passwordLookup"/> decides
    /// which password (per device or domain-wide) belongs to it, or returns null for an unknown user.
    /// </summary>
    /// <remarks>
    /// NOTE: the digest uri is not compared with the Request-URI (RFC 2617 section 3.2.2.5), because devices
    /// differ in which URI they put there. The response is computed over the uri the device sent.
    /// </remarks>
    public static SipDigestResult Verify(SipRequest request, string realm, Func<string, string?> passwordLookup, SipDigestChallenge challenge)
    {
        var credentials = FindCredentials(request, realm);
        if (credentials is null)
        {
            return new SipDigestResult(SipDigestOutcome.MissingCredentials, null);
        }

        var userName = credentials.UserName;
        if (!credentials.Realm.Equals(realm, StringComparison.Ordinal))
        {
            return new SipDigestResult(SipDigestOutcome.RealmMismatch, userName);
        }

        if (!DigestAuthentication.IsSupportedAlgorithm(credentials.Algorithm))
        {
            return new SipDigestResult(SipDigestOutcome.UnsupportedAlgorithm, userName);
        }

        var nonceState = challenge.ValidateNonce(credentials.Nonce);
        if (nonceState == SipNonceState.Invalid)
        {
            return new SipDigestResult(SipDigestOutcome.InvalidNonce, userName);
        }

        var password = passwordLookup(userName);
        if (password is null)
        {
            return new SipDigestResult(SipDigestOutcome.UnknownUser, userName);
        }

        if (!credentials.Verify(password, request.Method, request.Body))
        {
            return new SipDigestResult(SipDigestOutcome.WrongResponse, userName);
        }

        return nonceState == SipNonceState.Stale
            ? new SipDigestResult(SipDigestOutcome.StaleNonce, userName)
            : new SipDigestResult(SipDigestOutcome.Verified, userName);
    }

    /// <summary>Returns the Digest credentials for <paramref name="realm"/>, else the first Digest credentials, else null.</summary>
    private static DigestCredentials? FindCredentials(SipRequest request, string realm)
    {
        DigestCredentials? first = null;
        foreach (var value in request.Headers.GetAll("Authorization"))
        {
            var credentials = DigestCredentials.Parse(value);
            if (credentials is null)
            {
                continue;
            }

            if (credentials.Realm.Equals(realm, StringComparison.Ordinal))
            {
                return credentials;
            }

            first ??= credentials;
        }

        return first;
    }
}
