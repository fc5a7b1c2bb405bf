using System.Globalization;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// A SIP request or response: headers and the body bytes as received. The typed accessors parse the header
/// values on each call; a message from <see cref="SipParser"/> is known to have valid Via, From, To, Call-ID
/// and CSeq headers.
/// </summary>
public abstract class SipMessage
{
    public const string Version = "SIP/2.0";

    protected SipMessage(SipHeaders? headers, byte[]? body)
    {
        Headers = headers ?? new SipHeaders();
        Body = body ?? [];
    }

    public SipHeaders Headers { get; }

    /// <summary>The body bytes as received; never decoded here (MANSCDP bodies carry their own charset).</summary>
    public byte[] Body { get; }

    /// <summary>What the parser tolerated in this message, such as a Content-Length longer than the body.</summary>
    public IReadOnlyList<Error> Diagnostics { get; internal set; } = [];

    /// <summary>The request line or status line, without its line end.</summary>
    public abstract string StartLine { get; }

    public string CallId => Headers.Get("Call-ID") ?? "";

    /// <exception cref="InvalidOperationException">The message has no valid CSeq header (only possible for one built in code).</exception>
    public SipCSeq CSeq => SipCSeq.TryParse(Headers.Get("CSeq"), out var cseq)
        ? cseq
        : throw new InvalidOperationException("The message has no valid CSeq header.");

    /// <exception cref="InvalidOperationException">The message has no valid From header (only possible for one built in code).</exception>
    public SipNameAddress From => ParseAddress("From");

    /// <exception cref="InvalidOperationException">The message has no valid To header (only possible for one built in code).</exception>
    public SipNameAddress To => ParseAddress("To");

    /// <summary>Every Via value, topmost first, from several lines and comma-separated lists; unparsable values are left out.</summary>
    public IReadOnlyList<SipVia> Vias
    {
        get
        {
            var values = Headers.GetValues("Via");
            var vias = new List<SipVia>(values.Count);
            foreach (var value in values)
            {
                if (SipVia.TryParse(value, out var via))
                {
                    vias.Add(via);
                }
            }

            return vias;
        }
    }

    /// <summary>The topmost Via, which identifies the transaction; null when there is none.</summary>
    public SipVia? TopVia
    {
        get
        {
            var value = Headers.Get("Via");
            if (value is null)
            {
                return null;
            }

            var comma = value.IndexOf(',', StringComparison.Ordinal);
            var first = comma < 0 ? value : FirstListElement(value);
            return SipVia.TryParse(first, out var via) ? via : null;
        }
    }

    /// <summary>The first Contact, or null when absent, unparsable or the "*" of a remove-all REGISTER.</summary>
    public SipNameAddress? Contact
    {
        get
        {
            var values = Headers.GetValues("Contact");
            return values.Count > 0 && SipNameAddress.TryParse(values[0], out var contact) ? contact : null;
        }
    }

    /// <summary>Whether the Contact is "*", which with Expires: 0 removes every binding (RFC 3261 section 10.2.2).</summary>
    public bool IsContactWildcard => Headers.Get("Contact")?.Trim() == "*";

    /// <summary>The Expires header in seconds; null when absent or not a number. See also <see cref="SipNameAddress.Expires"/>.</summary>
    public int? Expires => ParseInteger("Expires");

    /// <summary>
    /// The expiry a REGISTER requests: the first Contact's expires parameter when present, else the Expires header
    /// (RFC 3261 section 10.2.1.1); null when neither is given.
    /// </summary>
    public int? RequestedExpires => Contact?.Expires ?? Expires;

    public int? MaxForwards => ParseInteger("Max-Forwards");

    public string? ContentType => Headers.Get("Content-Type");

    public string? UserAgent => Headers.Get("User-Agent");

    /// <summary>Returns the start line and Call-ID, for logs; never the body.</summary>
    public override string ToString() => $"{StartLine} (Call-ID {CallId})";

    private SipNameAddress ParseAddress(string name) => SipNameAddress.TryParse(Headers.Get(name), out var address)
        ? address
        : throw new InvalidOperationException($"The message has no valid {name} header.");

    private int? ParseInteger(string name) =>
        int.TryParse(Headers.Get(name)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string FirstListElement(string value)
    {
        var values = new List<string>(2);
        SipHeaders.SplitList(value, values);
        return values.Count > 0 ? values[0] : value;
    }
}
