using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;

namespace Watchkeeper.Simulator.Networking;

/// <summary>
/// Reads RTSP and HTTP/1.x requests from a connection (RFC 2326 §6, RFC 9112 §2-§6), within size caps so that a
/// hostile or broken client cannot make the server buffer without bound.
/// </summary>
/// <param name="onInterleavedFrame">
/// For RTSP: called for each interleaved binary frame ('$', channel, 16-bit length, data; RFC 2326 §10.12) that the
/// client sends between requests, such as RTCP receiver reports, after the frame was skipped. Null for HTTP.
/// </param>
internal sealed class MessageReader(PipeReader reader, IPEndPoint remoteEndPoint, MessageLimits limits, Action? onInterleavedFrame = null)
{
    private const byte InterleavedMarker = (byte)'$';

    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// Reads the request line and header fields. Returns null at a clean end of the connection.
    /// </summary>
    public async ValueTask<MessageHead?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;

            if (onInterleavedFrame is not null && buffer.Length > 0 && buffer.FirstSpan[0] == InterleavedMarker)
            {
                if (!TrySkipInterleavedFrame(buffer, result.IsCompleted))
                {
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }

                continue;
            }

            var parsed = TryParseHead(buffer, out var head, out var consumed);
            if (parsed)
            {
                reader.AdvanceTo(consumed);
                return head;
            }

            var pending = buffer.Slice(consumed);
            if (pending.Length > limits.MaxHeaderBytes)
            {
                reader.AdvanceTo(buffer.End);
                throw new MessageFormatException(431, "Request Header Fields Too Large", $"the header exceeds {limits.MaxHeaderBytes} bytes");
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                if (pending.IsEmpty)
                {
                    return null;
                }

                throw new MessageFormatException(400, "Bad Request", "the connection closed inside a request header");
            }

            reader.AdvanceTo(consumed, buffer.End);
        }
    }

    /// <summary>Reads a body of exactly <paramref name="length"/> bytes.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadBodyAsync(int length, CancellationToken cancellationToken)
    {
        if (length == 0)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length >= length)
            {
                var body = buffer.Slice(0, length).ToArray();
                reader.AdvanceTo(buffer.GetPosition(length));
                return body;
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                throw new MessageFormatException(400, "Bad Request", $"the connection closed after {buffer.Length} of {length} body bytes");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public MessageRequest ToRequest(MessageHead head, ReadOnlyMemory<byte> body, MessageConnection? connection = null) => new()
    {
        Connection = connection,
        Method = head.Method,
        Target = head.Target,
        Version = head.Version,
        Headers = head.Headers,
        Body = body,
        RemoteEndPoint = remoteEndPoint,
    };

    /// <summary>
    /// Skips one interleaved frame at the start of <paramref name="buffer"/>; false when it is not complete yet. Its
    /// 16-bit length caps it at 65,539 bytes, so waiting for the whole frame stays bounded.
    /// </summary>
    private bool TrySkipInterleavedFrame(ReadOnlySequence<byte> buffer, bool completed)
    {
        var length = -1;
        if (buffer.Length >= 4)
        {
            Span<byte> header = stackalloc byte[4];
            buffer.Slice(0, 4).CopyTo(header);
            length = (header[2] << 8) | header[3];
        }

        if (length < 0 || buffer.Length < 4 + length)
        {
            if (completed)
            {
                reader.AdvanceTo(buffer.End);
                throw new MessageFormatException(400, "Bad Request", $"the connection closed inside an interleaved frame after {buffer.Length} bytes");
            }

            return false;
        }

        reader.AdvanceTo(buffer.GetPosition(4 + length));
        onInterleavedFrame!();
        return true;
    }

    private bool TryParseHead(ReadOnlySequence<byte> buffer, out MessageHead head, out SequencePosition consumed)
    {
        head = default!;
        consumed = buffer.Start;
        var sequence = new SequenceReader<byte>(buffer);
        var lines = new List<string>();

        while (sequence.TryReadTo(out ReadOnlySequence<byte> lineBytes, (byte)'\n'))
        {
            if (lineBytes.Length > limits.MaxHeaderBytes)
            {
                throw new MessageFormatException(431, "Request Header Fields Too Large", $"a header line exceeds {limits.MaxHeaderBytes} bytes");
            }

            var line = Encoding.UTF8.GetString(lineBytes).TrimEnd('\r');
            if (line.Length == 0)
            {
                // RFC 9112 §2.2: empty lines before the request line are ignored (RTSP clients send CRLF keep-alives too).
                if (lines.Count == 0)
                {
                    consumed = sequence.Position;
                    continue;
                }

                consumed = sequence.Position;
                head = Parse(lines);
                return true;
            }

            lines.Add(line);
            if (lines.Count > limits.MaxHeaderCount + 1)
            {
                throw new MessageFormatException(431, "Request Header Fields Too Large", $"more than {limits.MaxHeaderCount} header fields");
            }
        }

        return false;
    }

    private MessageHead Parse(List<string> lines)
    {
        var requestLine = lines[0];
        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[0].AsSpan().ContainsAnyExcept(TokenCharacters))
        {
            throw new MessageFormatException(400, "Bad Request", "the request line is not 'METHOD target VERSION'");
        }

        var version = parts[2];
        if (!version.StartsWith("RTSP/", StringComparison.Ordinal) && !version.StartsWith("HTTP/", StringComparison.Ordinal))
        {
            throw new MessageFormatException(400, "Bad Request", $"unknown protocol version '{Truncate(version)}'");
        }

        var headers = new MessageHeaders();
        string? lastName = null;
        var lastValue = "";
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line[0] is ' ' or '\t')
            {
                // A folded continuation line (RFC 2326 §4.2 allows them; RFC 9112 §5.2 lets a server unfold them).
                if (lastName is null)
                {
                    throw new MessageFormatException(400, "Bad Request", "a continuation line precedes the first header field");
                }

                lastValue += " " + line.Trim();
                continue;
            }

            if (lastName is not null)
            {
                headers.Add(lastName, lastValue);
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line.AsSpan(0, colon).ContainsAnyExcept(TokenCharacters))
            {
                throw new MessageFormatException(400, "Bad Request", $"malformed header field '{Truncate(line)}'");
            }

            lastName = line[..colon];
            lastValue = line[(colon + 1)..].Trim();
        }

        if (lastName is not null)
        {
            headers.Add(lastName, lastValue);
        }

        return new MessageHead(parts[0], parts[1], version, headers, ContentLength(headers));
    }

    private int ContentLength(MessageHeaders headers)
    {
        if (headers.Get("Transfer-Encoding") is not null)
        {
            throw new MessageFormatException(501, "Not Implemented", "chunked request bodies are not supported; send Content-Length");
        }

        var text = headers.Get("Content-Length");
        if (text is null)
        {
            return 0;
        }

        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length))
        {
            throw new MessageFormatException(400, "Bad Request", $"invalid Content-Length '{Truncate(text)}'");
        }

        if (length > limits.MaxBodyBytes)
        {
            throw new MessageFormatException(413, "Request Entity Too Large", $"the body of {length} bytes exceeds {limits.MaxBodyBytes} bytes");
        }

        return (int)length;
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "...";
}

/// <summary>The request line and header fields of a request whose body has not been read yet.</summary>
internal sealed record MessageHead(string Method, string Target, string Version, MessageHeaders Headers, int ContentLength);

/// <summary>Size caps for one request.</summary>
internal sealed record MessageLimits(int MaxHeaderBytes = 16 * 1024, int MaxHeaderCount = 64, int MaxBodyBytes = 64 * 1024);

/// <summary>A request that cannot be framed: the server responds with <see cref="StatusCode"/> and closes.</summary>
internal sealed class MessageFormatException(int statusCode, string reasonPhrase, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;

    public string ReasonPhrase { get; } = reasonPhrase;
}
