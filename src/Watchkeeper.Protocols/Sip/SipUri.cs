using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// A sip: or sips: URI (RFC 3261 section 19.1), such as <c>sip:34020000001320000002@3402000000</c> or
/// <c>sip:34020000002000000010@192.168.6.106:5062;transport=udp</c>.
/// </summary>
public sealed class SipUri
{
    public SipUri(string host, string? user = null, int? port = null, string scheme = "sip")
    {
        Scheme = scheme;
        User = user;
        Host = host;
        Port = port;
    }

    /// <summary>"sip" or "sips", lowercase.</summary>
    public string Scheme { get; }

    /// <summary>The user part, such as a GB/T 28181 ID, including any ":password" as sent; null when absent.</summary>
    public string? User { get; }

    /// <summary>A host name, an IPv4 address, or an IPv6 reference in brackets.</summary>
    public string Host { get; }

    public int? Port { get; }

    public SipParameters Parameters { get; private init; } = new();

    /// <summary>The "?name=value&amp;..." headers part without the '?', as sent; null when absent.</summary>
    public string? Headers { get; private init; }

    /// <summary>Returns "host" or "host:port".</summary>
    public string HostPort => Port is null ? Host : Host + ":" + Port.Value.ToString(CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = null;
        text = text.Trim();
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        var scheme = text[..colon];
        if (!scheme.Equals("sip", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("sips", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = text[(colon + 1)..];
        string? headers = null;
        var question = rest.IndexOf('?');
        if (question >= 0)
        {
            headers = rest[(question + 1)..].ToString();
            rest = rest[..question];
        }

        var semicolon = rest.IndexOf(';');
        var parameters = semicolon >= 0 ? SipParameters.Parse(rest[semicolon..]) : new SipParameters();
        var userHostPort = semicolon >= 0 ? rest[..semicolon] : rest;

        string? user = null;
        var at = userHostPort.LastIndexOf('@');
        if (at >= 0)
        {
            user = userHostPort[..at].ToString();
            userHostPort = userHostPort[(at + 1)..];
        }

        if (!TrySplitHostPort(userHostPort, out var host, out var port))
        {
            return false;
        }

        uri = new SipUri(host, user, port, scheme.ToString().ToLowerInvariant())
        {
            Parameters = parameters,
            Headers = headers,
        };
        return true;
    }

    public static SipUri? Parse(string text) => TryParse(text, out var uri) ? uri : null;

    /// <summary>Splits "host", "host:port" or "[v6]:port"; false when the host is empty or the port is not 1-65535.</summary>
    internal static bool TrySplitHostPort(ReadOnlySpan<char> text, [NotNullWhen(true)] out string? host, out int? port)
    {
        host = null;
        port = null;
        text = text.Trim();
        ReadOnlySpan<char> hostText;
        ReadOnlySpan<char> portText = default;
        var hasPort = false;
        if (text.StartsWith("["))
        {
            var close = text.IndexOf(']');
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                return false;
            }

            hostText = text[..(close + 1)];
            hasPort = close + 1 < text.Length;
            portText = hasPort ? text[(close + 2)..] : default;
        }
        else
        {
            var colon = text.IndexOf(':');
            hasPort = colon >= 0;
            hostText = hasPort ? text[..colon] : text;
            portText = hasPort ? text[(colon + 1)..] : default;
        }

        if (hostText.IsEmpty || hostText.ContainsAny(" \t<>\"@;,"))
        {
            return false;
        }

        if (hasPort)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
            {
                return false;
            }

            port = value;
        }

        host = hostText.ToString();
        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder(64);
        text.Append(Scheme).Append(':');
        if (User is not null)
        {
            text.Append(User).Append('@');
        }

        text.Append(HostPort);
        Parameters.AppendTo(text);
        if (Headers is not null)
        {
            text.Append('?').Append(Headers);
        }

        return text.ToString();
    }
}
