using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Protocols.Gb28181;

/// <summary>
/// Turns a MANSCDP body into text, choosing the character set for each body on its own.
/// </summary>
/// <remarks>
/// GB/T 28181 declares GB2312, but devices write names with characters outside it (GBK or GB18030 bytes)
/// and some send UTF-8 while still declaring GB2312. The rules apply in order. A byte order mark wins. A
/// body that is strictly valid UTF-8 with multibyte sequences is UTF-8 whatever it declares. Pure ASCII
/// uses the declared encoding, because it decodes the same either way. Anything else declared GB2312,
/// GBK, GB18030, UTF-8 or nothing is GB18030, the superset of GB2312 and GBK.
/// </remarks>
public static partial class ManscdpDecoder
{
    /// <summary>Bodies above this size are rejected. A 2,000-channel catalog in one message is about 600 KB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private const byte TagOpen = (byte)'<';

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private static readonly Lazy<Encoding> Gb18030Encoding = new(CreateGb18030);

    // Printable ASCII with tab, CR and LF: the bytes that decode as themselves and are never stripped.
    private static readonly SearchValues<byte> PlainAsciiBytes =
        SearchValues.Create([(byte)'\t', (byte)'\r', (byte)'\n', .. Enumerable.Range(' ', '~' - ' ' + 1).Select(b => (byte)b)]);

    /// <summary>GB18030 (code page 54936) with invalid bytes decoded as U+FFFD.</summary>
    public static Encoding Gb18030 => Gb18030Encoding.Value;

    public static Result<DecodedBody> Decode(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return ManscdpErrors.EmptyBody();
        }

        if (body.Length > MaxBodyBytes)
        {
            return ManscdpErrors.BodyTooLarge(body.Length, MaxBodyBytes);
        }

        var (encoding, bomLength) = DetectByteOrderMark(body);
        var declared = ReadDeclaredEncoding(body[bomLength..]);
        encoding ??= ChooseEncoding(body, declared);

        var content = body[bomLength..];
        if (IsPlainAscii(content, encoding))
        {
            return DecodeAscii(content, bomLength, encoding, declared, bomLength > 0);
        }

        return encoding is UnicodeEncoding
            ? DecodeWhole(content, bomLength, encoding, declared, bomLength > 0)
            : DecodeBySegment(content, bomLength, encoding, declared, bomLength > 0);
    }

    /// <summary>Returns the encoding a declared name stands for, GB18030 for the GB2312 family; null when unknown.</summary>
    public static Encoding? EncodingForName(string? name)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case null or "":
                return null;
            case "GB2312" or "GBK" or "GB18030" or "CP936" or "X-GBK" or "GB_2312-80" or "EUC-CN":
                return Gb18030;
            case "UTF-8" or "UTF8":
                return Utf8NoBom;
        }

        // Reading Gb18030 registers the code page provider, which other names (Big5, ISO-8859-x) need too.
        _ = Gb18030;
        try
        {
            return Encoding.GetEncoding(name!.Trim(), EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Encoding ChooseEncoding(ReadOnlySpan<byte> body, string? declared)
    {
        var named = EncodingForName(declared);
        if (System.Text.Ascii.IsValid(body))
        {
            return named is null or UnicodeEncoding ? Utf8NoBom : named;
        }

        if (System.Text.Unicode.Utf8.IsValid(body))
        {
            return Utf8NoBom;
        }

        // Declared UTF-8 but not valid UTF-8: Chinese devices that mislabel bodies send GB bytes.
        return named is null or UTF8Encoding or UnicodeEncoding ? Gb18030 : named;
    }

    private static (Encoding? Encoding, int Length) DetectByteOrderMark(ReadOnlySpan<byte> body)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Utf8NoBom, 3);
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0x84, 0x31, 0x95, 0x33]))
        {
            return (Gb18030, 4);
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: false), 2);
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: false), 2);
        }

        return (null, 0);
    }

    private static string? ReadDeclaredEncoding(ReadOnlySpan<byte> body)
    {
        // The declaration is ASCII in every encoding this reads; UTF-16 bodies are found by their BOM instead.
        var head = body[..Math.Min(body.Length, 256)];
        var end = head.IndexOf((byte)'>');
        if (end < 0)
        {
            return null;
        }

        var declaration = Encoding.Latin1.GetString(head[..end]);
        var match = DeclaredEncodingPattern().Match(declaration);
        return match.Success ? match.Groups["name"].Value : null;
    }

    // Most bodies (every keepalive) are ASCII without control characters. In GB18030 and UTF-8 such bytes decode
    // to the same characters one for one, so one segment maps every character to its byte exactly.
    private static bool IsPlainAscii(ReadOnlySpan<byte> content, Encoding encoding) =>
        (ReferenceEquals(encoding, Gb18030) || encoding is UTF8Encoding) && content.IndexOfAnyExcept(PlainAsciiBytes) < 0;

    private static Result<DecodedBody> DecodeAscii(
        ReadOnlySpan<byte> content, int bomLength, Encoding encoding, string? declared, bool hasBom)
    {
        var text = Encoding.Latin1.GetString(content);
        var segments = new List<TextSegment>(1) { new(0, bomLength, content.Length) };
        return new DecodedBody(text, encoding, declared, hasBom, 0, 0) { Segments = segments };
    }

    // Splitting at '<' is safe because 0x3C is never a continuation byte in UTF-8 or GB18030, so every
    // segment starts at a character boundary and the segment table maps text offsets back to bytes.
    private static Result<DecodedBody> DecodeBySegment(
        ReadOnlySpan<byte> content, int bomLength, Encoding encoding, string? declared, bool hasBom)
    {
        var text = new StringBuilder(content.Length);
        var segments = new List<TextSegment>();
        var stripped = 0;
        var replaced = 0;
        var position = 0;
        while (position < content.Length)
        {
            var next = content[(position + 1)..].IndexOf(TagOpen);
            var length = next < 0 ? content.Length - position : next + 1;
            var piece = content.Slice(position, length);

            segments.Add(new TextSegment(text.Length, bomLength + position, length));
            var decoded = encoding.GetString(piece);
            replaced += CountReplacements(decoded, piece);
            stripped += AppendWithoutControlCharacters(text, decoded);
            position += length;
        }

        return new DecodedBody(text.ToString(), encoding, declared, hasBom, stripped, replaced) { Segments = segments };
    }

    private static Result<DecodedBody> DecodeWhole(
        ReadOnlySpan<byte> content, int bomLength, Encoding encoding, string? declared, bool hasBom)
    {
        var decoded = encoding.GetString(content);
        var text = new StringBuilder(decoded.Length);
        var stripped = AppendWithoutControlCharacters(text, decoded);
        var replaced = CountReplacements(decoded, content);
        var segments = new List<TextSegment> { new(0, bomLength, content.Length) };
        return new DecodedBody(text.ToString(), encoding, declared, hasBom, stripped, replaced) { Segments = segments };
    }

    private static int CountReplacements(string decoded, ReadOnlySpan<byte> piece)
    {
        if (!decoded.Contains('\uFFFD'))
        {
            return 0;
        }

        // A U+FFFD that the body spelled out in UTF-8 (EF BF BD) is text, not a replacement.
        var literal = CountOccurrences(piece, [0xEF, 0xBF, 0xBD]);
        return Math.Max(0, decoded.Count(c => c == '\uFFFD') - literal);
    }

    private static int CountOccurrences(ReadOnlySpan<byte> data, ReadOnlySpan<byte> pattern)
    {
        var count = 0;
        int index;
        while ((index = data.IndexOf(pattern)) >= 0)
        {
            count++;
            data = data[(index + pattern.Length)..];
        }

        return count;
    }

    /// <summary>Appends <paramref name="decoded"/> without C0 controls (except tab, CR, LF), DEL, C1 controls and U+FFFE/U+FFFF, which XML 1.0 rejects or discourages.</summary>
    private static int AppendWithoutControlCharacters(StringBuilder text, string decoded)
    {
        var stripped = 0;
        foreach (var c in decoded)
        {
            if (IsStrippedControl(c))
            {
                stripped++;
                continue;
            }

            text.Append(c);
        }

        return stripped;
    }

    private static bool IsStrippedControl(char c) =>
        c is (< ' ' and not '\t' and not '\r' and not '\n') or (>= '\u007F' and <= '\u009F') or '\uFFFE' or '\uFFFF';

    private static Encoding CreateGb18030()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(54936, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));
    }

    [GeneratedRegex("""encoding\s*=\s*["'](?<name>[A-Za-z0-9._:-]+)["']""")]
    private static partial Regex DeclaredEncodingPattern();
}
