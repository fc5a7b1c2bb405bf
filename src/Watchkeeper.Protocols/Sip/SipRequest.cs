namespace Watchkeeper.Protocols.Sip;

/// <summary>A SIP request: method, Request-URI, headers and body.</summary>
public sealed class SipRequest(string method, SipUri requestUri, SipHeaders? headers = null, byte[]? body = null)
    : SipMessage(headers, body)
{
    /// <summary>The method as sent; methods are case-sensitive (RFC 3261 section 7.1).</summary>
    public string Method { get; } = method;

    public SipUri RequestUri { get; } = requestUri;

    public override string StartLine => $"{Method} {RequestUri} {Version}";
}
