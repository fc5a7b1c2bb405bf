using System.Text;

namespace Watchkeeper.Simulator.Networking;

/// <summary>
/// An RTSP or HTTP response under construction. The connection writes its status line in the protocol and
/// version of the request, adds Content-Length, and closes afterwards when <see cref="CloseConnection"/> is set.
/// </summary>
internal sealed class MessageResponse
{
    private readonly List<KeyValuePair<string, string>> _headers = [];

    public MessageResponse(int statusCode, string reasonPhrase)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    public ReadOnlyMemory<byte> Body { get; private set; }

    /// <summary>True when the connection closes after this response (a framing error, or the client asked for it).</summary>
    public bool CloseConnection { get; set; }

    /// <summary>True for a response to HEAD: Content-Length is that of the body, which is not sent.</summary>
    public bool OmitBody { get; set; }

    /// <summary>Runs after the response was written, e.g. to start the media that a PLAY response announces.</summary>
    public Action? AfterSent { get; set; }

    public MessageResponse WithHeader(string name, string value)
    {
        _headers.Add(new(name, value));
        return this;
    }

    public MessageResponse WithBody(ReadOnlyMemory<byte> body, string contentType)
    {
        Body = body;
        return WithHeader("Content-Type", contentType);
    }

    public MessageResponse WithText(string text, string contentType) =>
        WithBody(Encoding.UTF8.GetBytes(text), contentType);

    public bool HasHeader(string name) =>
        _headers.Exists(header => header.Key.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Serializes the status line (e.g. "RTSP/1.0 200 OK") and the header fields; the body is sent after them as it is.
    /// </summary>
    public byte[] SerializeHead(string version)
    {
        var head = new StringBuilder(256);
        head.Append(version).Append(' ').Append(StatusCode).Append(' ').Append(ReasonPhrase).Append("\r\n");
        foreach (var (name, value) in _headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(Body.Length).Append("\r\n\r\n");
        return Encoding.UTF8.GetBytes(head.ToString());
    }
}
