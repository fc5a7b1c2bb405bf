using System.Globalization;
using System.Text;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// Parses one SIP message from a UDP datagram or a frame cut by <see cref="SipStreamFramer"/>. Lenient in what
/// it accepts: LF-only line ends, any header order and case, compact names, folded lines, white space after the
/// colon, leading CRLF keep-alives, and a Content-Length that disagrees with the bytes present.
/// </summary>
public static class SipParser
{
    /// <summary>The most header lines one message may have; real GB/T 28181 messages have about a dozen.</summary>
    public const int MaxHeaderLines = 256;

    private const int MaxQuotedLength = 120;

    public static Result<SipMessage> Parse(ReadOnlySpan<byte> input)
    {
        input = input[SipWireScanner.CountLeadingLineEnds(input)..];
        if (input.IsEmpty)
        {
            return SipErrors.Empty();
        }

        List<Error>? diagnostics = null;
        var headLength = SipWireScanner.FindHeaderEnd(input, out var bodyStart);
        if (headLength < 0)
        {
            // A datagram whose last header line ends but no empty line follows: read it as a message without a body.
            if (input[^1] != '\n')
            {
                return SipErrors.Truncated(input.Length);
            }

            headLength = input.Length;
            bodyStart = input.Length;
            (diagnostics ??= []).Add(SipErrors.HeadersNotTerminated());
        }

        var head = input[..headLength];
        var startLineEnd = head.IndexOf((byte)'\n');
        var startLine = TrimLineEnd(head[..startLineEnd]);
        var headers = new SipHeaders(16);
        var headerError = ReadHeaders(head[(startLineEnd + 1)..], headers, ref diagnostics);
        if (headerError is not null)
        {
            return headerError;
        }

        var body = ReadBody(input[bodyStart..], headers.Get("Content-Length"), ref diagnostics);
        var message = CreateMessage(startLine, headers, body);
        if (!message.IsSuccess)
        {
            return message;
        }

        var validationError = Validate(message.Value, ref diagnostics);
        if (validationError is not null)
        {
            return validationError;
        }

        message.Value.Diagnostics = diagnostics ?? (IReadOnlyList<Error>)[];
        return message;
    }

    private static Error? ReadHeaders(ReadOnlySpan<byte> lines, SipHeaders headers, ref List<Error>? diagnostics)
    {
        var lineCount = 0;
        while (!lines.IsEmpty)
        {
            var lineFeed = lines.IndexOf((byte)'\n');
            var line = TrimLineEnd(lineFeed < 0 ? lines : lines[..lineFeed]);
            lines = lineFeed < 0 ? default : lines[(lineFeed + 1)..];
            if (++lineCount > MaxHeaderLines)
            {
                return SipErrors.TooManyHeaders(MaxHeaderLines);
            }

            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                // A folded line continues the previous value (RFC 3261 section 7.3.1).
                var continuation = line.Trim(" \t"u8);
                if (headers.Count > 0 && !continuation.IsEmpty)
                {
                    headers.AppendToLast(Encoding.UTF8.GetString(continuation));
                }

                continue;
            }

            var colon = line.IndexOf((byte)':');
            var name = colon < 0 ? default : line[..colon].Trim(" \t"u8);
            if (name.IsEmpty)
            {
                (diagnostics ??= []).Add(SipErrors.HeaderWithoutColon(Shorten(line)));
                continue;
            }

            var value = line[(colon + 1)..].Trim(" \t"u8);
            headers.AddCanonical(CanonicalName(name), Encoding.UTF8.GetString(value));
        }

        return null;
    }

    private static byte[] ReadBody(ReadOnlySpan<byte> present, string? contentLength, ref List<Error>? diagnostics)
    {
        if (contentLength is null)
        {
            // RFC 3261 section 18.3: on UDP the body runs to the end of the datagram when Content-Length is absent.
            return present.ToArray();
        }

        if (!long.TryParse(contentLength, NumberStyles.None, CultureInfo.InvariantCulture, out var declared))
        {
            (diagnostics ??= []).Add(SipErrors.ContentLengthInvalid(contentLength));
            return present.ToArray();
        }

        if (declared > present.Length)
        {
            (diagnostics ??= []).Add(SipErrors.ContentLengthExceedsBody(declared, present.Length));
            return present.ToArray();
        }

        if (declared < present.Length)
        {
            (diagnostics ??= []).Add(SipErrors.ContentLengthBelowBody(declared, present.Length));
        }

        return present[..(int)declared].ToArray();
    }

    private static Result<SipMessage> CreateMessage(ReadOnlySpan<byte> startLine, SipHeaders headers, byte[] body)
    {
        var text = Encoding.UTF8.GetString(startLine);
        var parts = text.Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length >= 2 && parts[0].StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            if (parts[1].Length != 3
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var statusCode)
                || statusCode is < 100 or > 699)
            {
                return SipErrors.StartLineInvalid(Shorten(text));
            }

            return new SipResponse(statusCode, parts.Length == 3 ? parts[2] : "", headers, body);
        }

        if (parts.Length != 3 || !parts[2].StartsWith("SIP/", StringComparison.OrdinalIgnoreCase) || !IsToken(parts[0]))
        {
            return SipErrors.StartLineInvalid(Shorten(text));
        }

        if (!SipUri.TryParse(parts[1], out var requestUri))
        {
            return SipErrors.RequestUriInvalid(Shorten(parts[1]));
        }

        return new SipRequest(parts[0], requestUri, headers, body);
    }

    /// <summary>Checks the headers that RFC 3261 section 8.1.1 requires in every request and response.</summary>
    private static Error? Validate(SipMessage message, ref List<Error>? diagnostics)
    {
        var headers = message.Headers;
        var via = headers.Get("Via");
        if (via is null)
        {
            return SipErrors.HeaderMissing("Via");
        }

        if (message.TopVia is null)
        {
            return SipErrors.HeaderInvalid("Via", Shorten(via));
        }

        var addressError = ValidateAddress(headers, "From") ?? ValidateAddress(headers, "To");
        if (addressError is not null)
        {
            return addressError;
        }

        if (string.IsNullOrEmpty(headers.Get("Call-ID")))
        {
            return SipErrors.HeaderMissing("Call-ID");
        }

        var cseqText = headers.Get("CSeq");
        if (cseqText is null)
        {
            return SipErrors.HeaderMissing("CSeq");
        }

        if (!SipCSeq.TryParse(cseqText, out var cseq))
        {
            return SipErrors.HeaderInvalid("CSeq", Shorten(cseqText));
        }

        if (message is SipRequest request && !cseq.Method.Equals(request.Method, StringComparison.Ordinal))
        {
            (diagnostics ??= []).Add(SipErrors.CSeqMethodMismatch(request.Method, cseq.Method));
        }

        return null;
    }

    private static Error? ValidateAddress(SipHeaders headers, string name)
    {
        var value = headers.Get(name);
        if (value is null)
        {
            return SipErrors.HeaderMissing(name);
        }

        return SipNameAddress.TryParse(value, out _) ? null : SipErrors.HeaderInvalid(name, Shorten(value));
    }

    private static string CanonicalName(ReadOnlySpan<byte> name)
    {
        if (name.Length > 64 || !Ascii.IsValid(name))
        {
            return SipHeaders.CanonicalName(Encoding.UTF8.GetString(name));
        }

        Span<char> characters = stackalloc char[name.Length];
        Ascii.ToUtf16(name, characters, out _);
        return SipHeaders.CanonicalName((ReadOnlySpan<char>)characters);
    }

    private static ReadOnlySpan<byte> TrimLineEnd(ReadOnlySpan<byte> line) =>
        !line.IsEmpty && line[^1] == '\r' ? line[..^1] : line;

    private static bool IsToken(string text)
    {
        foreach (var c in text)
        {
            if (c <= ' ' || c >= 127 || c is '(' or ')' or '<' or '>' or '@' or ',' or ';' or ':' or '\\' or '"' or '/' or '[' or ']' or '?' or '=' or '{' or '}')
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static string Shorten(ReadOnlySpan<byte> line) => Shorten(Encoding.UTF8.GetString(line[..Math.Min(line.Length, MaxQuotedLength * 4)]));

    private static string Shorten(string text) => text.Length <= MaxQuotedLength ? text : text[..MaxQuotedLength] + "…";
}
