namespace Watchkeeper.Protocols.Common;

/// <summary>Details for a 401 that ended a probe, in the same words for every protocol.</summary>
internal static class AuthenticationFailures
{
    /// <summary>Describes why the device still refused access and what the engineer should check.</summary>
    /// <param name="status">The request and status, e.g. "DESCRIBE rtsp://...: 401 Unauthorized".</param>
    /// <param name="userName">The stored user name, or null when the ledger has no credentials.</param>
    /// <param name="credentialsWithheld">Whether credentials were dropped because a redirect led to another host.</param>
    public static string Describe(string status, IReadOnlyList<AuthenticationChallenge> challenges, string? userName, bool credentialsSent, bool credentialsWithheld)
    {
        var offered = challenges.Count == 0 ? "no WWW-Authenticate challenge" : string.Join(", ", challenges);
        if (credentialsSent)
        {
            return $"{status}; the device rejected the password of user '{userName}' ({offered}); check the user name and password in the ledger and that the account is not locked";
        }

        if (credentialsWithheld)
        {
            return $"{status}; the request was redirected to another host, which gets no credentials, so put the final URL in the ledger";
        }

        return userName is null
            ? $"{status}; the device requires credentials ({offered}) but the ledger has none for it"
            : $"{status}; the device offers {offered}, which Watchkeeper cannot respond to (it supports Basic and Digest with MD5 or SHA-256)";
    }
}
