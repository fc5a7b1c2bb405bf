using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text;

namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// One Via value (RFC 3261 section 20.42), such as <c>SIP/2.0/UDP 192.168.6.71:5060;rport;branch=z9hG4bK1121513722</c>.
/// </summary>
public sealed class SipVia
{
    /// <summary>The prefix that marks a branch as RFC 3261 compliant, unique per transaction (section 8.1.1.7).</summary>
    public const string MagicCookie = "z9hG4bK";

    public SipVia(string transport, string host, int? port, SipParameters? parameters = null)
    {
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters ?? new SipParameters();
    }

    /// <summary>"UDP", "TCP", "TLS", ... as sent (normally uppercase).</summary>
    public string Transport { get; }

    public string Host { get; }

    public int? Port { get; }

    public SipParameters Parameters { get; }

    public string? Branch => Parameters.Get("branch");

    /// <summary>Whether the branch starts with the RFC 3261 magic cookie, so it alone identifies the transaction.</summary>
    public bool HasRfc3261Branch => Branch?.StartsWith(MagicCookie, StringComparison.Ordinal) == true;

    public string? Received => Parameters.Get("received");

    /// <summary>Whether an rport parameter is present, with or without a value (RFC 3581).</summary>
    public bool HasRPort => Parameters.Contains("rport");

    /// <summary>The rport value; null when rport is absent or present without a value (a request for it).</summary>
    public int? RPort =>
        int.TryParse(Parameters.Get("rport"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;

    /// <summary>The sent-by part: "host" or "host:port".</summary>
    public string SentBy => Port is null ? Host : Host + ":" + Port.Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Returns a copy that records where the request really came from (RFC 3261 section 18.2.1, RFC 3581
    /// section 4): received= when the address differs from the sent-by host or rport was requested, and
    /// rport=port when rport was requested.
    /// </summary>
    public SipVia WithSource(IPEndPoint source)
    {
        var parameters = Parameters.Clone();
        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        var addressText = address.ToString();
        var hostDiffers = !IPAddress.TryParse(Host.Trim('[', ']'), out var sentAddress) || !sentAddress.Equals(address);
        if (hostDiffers || HasRPort)
        {
            parameters.Set("received", addressText);
        }

        if (HasRPort)
        {
            parameters.Set("rport", source.Port.ToString(CultureInfo.InvariantCulture));
        }

        return new SipVia(Transport, Host, Port, parameters);
    }

    /// <summary>Parses one Via value; tolerant of spaces around the slashes and before the parameters.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipVia? via)
    {
        via = null;
        text = text.Trim();
        if (!TryReadProtocol(ref text, out var transport))
        {
            return false;
        }

        var semicolon = text.IndexOf(';');
        var sentBy = semicolon < 0 ? text : text[..semicolon];
        if (!SipUri.TrySplitHostPort(sentBy, out var host, out var port))
        {
            return false;
        }

        var parameters = semicolon < 0 ? new SipParameters() : SipParameters.Parse(text[semicolon..]);
        via = new SipVia(transport, host, port, parameters);
        return true;
    }

    public static SipVia? Parse(string text) => TryParse(text, out var via) ? via : null;

    public override string ToString()
    {
        var text = new StringBuilder(96);
        text.Append("SIP/2.0/").Append(Transport).Append(' ').Append(SentBy);
        Parameters.AppendTo(text);
        return text.ToString();
    }

    /// <summary>Reads "SIP/2.0/UDP" (spaces allowed around '/') and leaves <paramref name="text"/> at the sent-by.</summary>
    private static bool TryReadProtocol(ref ReadOnlySpan<char> text, [NotNullWhen(true)] out string? transport)
    {
        transport = null;
        for (var part = 0; part < 2; part++)
        {
            var slash = text.IndexOf('/');
            if (slash <= 0)
            {
                return false;
            }

            text = text[(slash + 1)..].TrimStart();
        }

        var end = text.IndexOfAny(' ', '\t');
        if (end <= 0)
        {
            return false;
        }

        transport = text[..end].ToString();
        text = text[end..].TrimStart();
        return true;
    }
}
