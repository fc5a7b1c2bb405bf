using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Rtsp;

/// <summary>
/// An rtsp:// URL split into what a client connects to and what it sends. User information in the URL
/// (rtsp://user:password@host/...) is taken out of the request URI and kept as credentials.
/// </summary>
public sealed class RtspUrl
{
    /// <summary>The port of RFC 2326 section 3.2 when the URL names none.</summary>
    public const int DefaultPort = 554;

    private RtspUrl(string host, int port, string requestUri, NetworkCredential? credentials)
    {
        Host = host;
        Port = port;
        RequestUri = requestUri;
        Credentials = credentials;
    }

    /// <summary>The host name or IP address, without IPv6 brackets.</summary>
    public string Host { get; }

    public int Port { get; }

    /// <summary>The URL as request lines carry it, without user information.</summary>
    public string RequestUri { get; }

    /// <summary>The URL with any password in its path or query masked, for details and logs.</summary>
    public string Display => UrlSecrets.Mask(RequestUri);

    /// <summary>User name and password from the URL's user information, or null.</summary>
    public NetworkCredential? Credentials { get; }

    public override string ToString() => Display;

    /// <summary>Parses an rtsp:// URL; on failure <paramref name="error"/> gives the reason without repeating any password.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RtspUrl? url, [NotNullWhen(false)] out string? error)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the RTSP URL is empty";
            return false;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.IdnHost))
        {
            error = "the RTSP URL is not an absolute URL with a host, such as rtsp://192.168.1.64:554/Streaming/Channels/101";
            return false;
        }

        if (!uri.Scheme.Equals("rtsp", StringComparison.OrdinalIgnoreCase))
        {
            error = $"the RTSP URL has the scheme '{uri.Scheme}'; only rtsp:// is supported";
            return false;
        }

        var port = uri.Port > 0 ? uri.Port : DefaultPort;
        var requestUri = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.PathAndQuery, UriFormat.UriEscaped);
        url = new RtspUrl(uri.IdnHost, port, requestUri, CredentialsOf(uri));
        error = null;
        return true;
    }

    /// <summary>Resolves a Location header against this URL, for a redirect.</summary>
    public bool TryResolve(string location, [NotNullWhen(true)] out RtspUrl? target, [NotNullWhen(false)] out string? error)
    {
        if (Uri.TryCreate(new Uri(RequestUri), location.Trim(), out var resolved))
        {
            return TryParse(resolved.ToString(), out target, out error);
        }

        target = null;
        error = "the Location header is not a URL";
        return false;
    }

    /// <summary>Returns whether <paramref name="other"/> is the same server, so that credentials may follow a redirect.</summary>
    public bool IsSameServer(RtspUrl other) =>
        Host.Equals(other.Host, StringComparison.OrdinalIgnoreCase) && Port == other.Port;

    internal string Authority => Host.Contains(':', StringComparison.Ordinal)
        ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    private static NetworkCredential? CredentialsOf(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? uri.UserInfo : uri.UserInfo[..colon];
        var password = colon < 0 ? "" : uri.UserInfo[(colon + 1)..];
        return new NetworkCredential(Uri.UnescapeDataString(user), Uri.UnescapeDataString(password));
    }
}
