using System.Globalization;
using System.Text;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>
/// A SIP request or response as the simulated devices send and receive it (RFC 3261 §7): a start line, header
/// fields in order, and a body of raw bytes, since MANSCDP bodies are GB18030 as often as UTF-8.
/// </summary>
/// <remarks>
/// The simulator keeps its own small SIP code on purpose: it is the independent peer that checks the platform.
/// </remarks>
internal sealed class SipMessage
{
    private readonly List<KeyValuePair<string, string>> _headers = [];

    private SipMessage(string? method, string? requestUri, int statusCode, string? reasonPhrase)
    {
        Method = method;
        RequestUri = requestUri;
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    /// <summary>The request method, e.g. REGISTER; null for a response.</summary>
    public string? Method { get; }

    public string? RequestUri { get; }

    /// <summary>The status code of a response; 0 for a request.</summary>
    public int StatusCode { get; }

    public string? ReasonPhrase { get; }

    public bool IsRequest => Method is not null;

    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    public byte[] Body { get; set; } = [];

    public static SipMessage Request(string method, string requestUri) => new(method, requestUri, 0, null);

    public static SipMessage Response(int statusCode, string reasonPhrase) => new(null, null, statusCode, reasonPhrase);

    /// <summary>Returns the first value of header <paramref name="name"/> (full name, case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var header in _headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    public IEnumerable<string> HeaderValues(string name) =>
        _headers.Where(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Select(header => header.Value);

    public SipMessage Add(string name, string value)
    {
        _headers.Add(new(name, value));
        return this;
    }

    /// <summary>Returns the CSeq number and method, or (0, "") when the header is missing or invalid.</summary>
    public (long Number, string Method) CSeq()
    {
        var parts = (Header("CSeq") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? (number, parts[1].ToUpperInvariant())
            : (0, "");
    }

    /// <summary>The branch parameter of the top Via, which names the transaction (RFC 3261 §17.1.3).</summary>
    public string? TopBranch() => SipUris.Parameter(Header("Via") ?? "", "branch");

    /// <summary>Writes the message with CRLF line ends and a Content-Length that matches the body.</summary>
    public byte[] ToBytes()
    {
        var head = new StringBuilder(512);
        head.Append(IsRequest
            ? $"{Method} {RequestUri} SIP/2.0\r\n"
            : $"SIP/2.0 {StatusCode.ToString(CultureInfo.InvariantCulture)} {ReasonPhrase}\r\n");
        foreach (var (name, value) in _headers)
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }

        head.Append("Content-Length: ").Append(Body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        var headBytes = Encoding.UTF8.GetBytes(head.ToString());
        var bytes = new byte[headBytes.Length + Body.Length];
        headBytes.CopyTo(bytes, 0);
        Body.CopyTo(bytes, headBytes.Length);
        return bytes;
    }

    public override string ToString() => IsRequest ? $"{Method} {RequestUri}" : $"{StatusCode} {ReasonPhrase} ({CSeq().Method})";
}
