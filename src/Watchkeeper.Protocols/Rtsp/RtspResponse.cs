using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Watchkeeper.Protocols.Common;

namespace Watchkeeper.Protocols.Rtsp;

/// <summary>Limits on what an RTSP client reads from a server.</summary>
public sealed record RtspLimits
{
    /// <summary>Maximum bytes of the status line or of one header line.</summary>
    public int MaxLineBytes { get; init; } = 8 * 1024;

    public int MaxHeaderFields { get; init; } = 64;

    /// <summary>Maximum bytes of one response, header block and body together; an SDP is a few kilobytes.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    public static RtspLimits Default { get; } = new();
}

/// <summary>An RTSP response (RFC 2326 section 7).</summary>
public sealed partial class RtspResponse
{
    // Lenient about the reason phrase, which some servers leave out.
    [GeneratedRegex(@"^RTSP/(\d+\.\d+)[ \t]+(\d{3})(?:[ \t]+(.*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex StatusLinePattern();

    public required string Version { get; init; }

    public required int StatusCode { get; init; }

    public required string ReasonPhrase { get; init; }

    public required MessageHeaders Headers { get; init; }

    public byte[] Body { get; init; } = [];

    /// <summary>The CSeq header as a number, or null when it is absent or not a number.</summary>
    public int? CSeq => int.TryParse(Headers.Get("CSeq"), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    public string StatusText => ReasonPhrase.Length == 0
        ? StatusCode.ToString(CultureInfo.InvariantCulture)
        : $"{StatusCode} {ReasonPhrase}";

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public bool IsRedirect => StatusCode is >= 300 and < 400;

    /// <summary>Reads one response: status line, header fields and a body of Content-Length bytes.</summary>
    /// <exception cref="WireFormatException">The bytes are not an RTSP response.</exception>
    /// <exception cref="MessageTooLargeException">The response passes a limit.</exception>
    /// <exception cref="EndOfStreamException">The connection closed before the response was complete.</exception>
    public static async Task<RtspResponse> ReadAsync(BoundedLineReader reader, RtspLimits limits, CancellationToken cancellationToken)
    {
        reader.BeginMessage();
        var statusLine = await ReadStatusLineAsync(reader, cancellationToken).ConfigureAwait(false);
        var match = StatusLinePattern().Match(statusLine);
        if (!match.Success)
        {
            throw new WireFormatException($"the response is not RTSP: its first line is \"{Printable(statusLine)}\"");
        }

        var headers = await MessageHeaders.ReadAsync(reader, limits.MaxHeaderFields, cancellationToken).ConfigureAwait(false);
        var body = await reader.ReadBytesAsync(ContentLength(headers), cancellationToken).ConfigureAwait(false);
        return new RtspResponse
        {
            Version = match.Groups[1].Value,
            StatusCode = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture),
            ReasonPhrase = match.Groups[3].Value.Trim(),
            Headers = headers,
            Body = body,
        };
    }

    /// <summary>Returns the body as text, decoded as UTF-8 (RFC 2326 section 4 and RFC 4566 section 5).</summary>
    public string BodyText() => Encoding.UTF8.GetString(Body);

    /// <summary>Shortens text from a peer and escapes its control characters, so that it is safe in a detail or a log.</summary>
    internal static string Printable(string text, int maxLength = 80)
    {
        var escaped = new StringBuilder();
        foreach (var character in text.AsSpan(0, Math.Min(text.Length, maxLength)))
        {
            if (char.IsControl(character))
            {
                escaped.Append(CultureInfo.InvariantCulture, $"\\x{(int)character:x2}");
            }
            else
            {
                escaped.Append(character);
            }
        }

        return text.Length > maxLength ? escaped.Append('…').ToString() : escaped.ToString();
    }

    private static async Task<string> ReadStatusLineAsync(BoundedLineReader reader, CancellationToken cancellationToken)
    {
        // Empty lines before a status line are skipped; the message byte limit bounds how many.
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new EndOfStreamException("the server closed the connection without responding");
            if (line.Length > 0)
            {
                return line;
            }
        }
    }

    private static int ContentLength(MessageHeaders headers)
    {
        var text = headers.Get("Content-Length");
        if (text is null)
        {
            return 0;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw new WireFormatException($"Content-Length \"{Printable(text)}\" is not a number");
        }

        return length <= int.MaxValue
            ? (int)length
            : throw new MessageTooLargeException($"Content-Length {length} is larger than any response this client reads");
    }
}
