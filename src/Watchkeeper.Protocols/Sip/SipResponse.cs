using System.Globalization;
using System.Net;

namespace Watchkeeper.Protocols.Sip;

/// <summary>A SIP response: status code, reason phrase, headers and body.</summary>
public sealed class SipResponse(int statusCode, string reasonPhrase, SipHeaders? headers = null, byte[]? body = null)
    : SipMessage(headers, body)
{
    public int StatusCode { get; } = statusCode;

    public string ReasonPhrase { get; } = reasonPhrase;

    public bool IsProvisional => StatusCode is >= 100 and < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public override string StartLine =>
        $"{Version} {StatusCode.ToString(CultureInfo.InvariantCulture)} {ReasonPhrase}";

    /// <summary>
    /// Creates a response to <paramref name="request"/> as RFC 3261 section 8.2.6.2 requires: the Via values,
    /// From, Call-ID and CSeq copied as received, and To copied with <paramref name="toTag"/> added when the
    /// request's To has no tag yet. Content-Length is written by <see cref="SipMessageWriter"/>.
    /// </summary>
    public static SipResponse For(SipRequest request, int statusCode, string reasonPhrase, string? toTag = null) =>
        Create(request, statusCode, reasonPhrase, toTag, source: null);

    /// <summary>
    /// Creates a response as <see cref="For(SipRequest, int, string, string?)"/> does, and records in the top Via
    /// the address and port the request came from (received= and rport=, RFC 3261 section 18.2.1 and RFC 3581),
    /// so that the response reaches a device behind NAT.
    /// </summary>
    public static SipResponse For(SipRequest request, IPEndPoint source, int statusCode, string reasonPhrase, string? toTag = null) =>
        Create(request, statusCode, reasonPhrase, toTag, source);

    private static SipResponse Create(SipRequest request, int statusCode, string reasonPhrase, string? toTag, IPEndPoint? source)
    {
        var headers = new SipHeaders(8);
        var vias = request.Headers.GetValues("Via");
        for (var i = 0; i < vias.Count; i++)
        {
            var value = vias[i];
            if (i == 0 && source is not null && SipVia.TryParse(value, out var topVia))
            {
                value = topVia.WithSource(source).ToString();
            }

            headers.AddCanonical("Via", value);
        }

        CopyHeader(request, headers, "From");
        var to = request.Headers.Get("To");
        if (to is not null)
        {
            var hasTag = SipNameAddress.TryParse(to, out var address) && address.Tag is not null;
            headers.AddCanonical("To", toTag is null || hasTag ? to : to + ";tag=" + toTag);
        }

        CopyHeader(request, headers, "Call-ID");
        CopyHeader(request, headers, "CSeq");
        return new SipResponse(statusCode, reasonPhrase, headers);
    }

    private static void CopyHeader(SipRequest request, SipHeaders headers, string name)
    {
        var value = request.Headers.Get(name);
        if (value is not null)
        {
            headers.AddCanonical(name, value);
        }
    }
}
