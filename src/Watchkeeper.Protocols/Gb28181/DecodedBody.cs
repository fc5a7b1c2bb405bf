using System.Text;

namespace Watchkeeper.Protocols.Gb28181;

/// <summary>
/// A MANSCDP body turned into text: control characters stripped, invalid bytes replaced by U+FFFD.
/// </summary>
/// <param name="Text">The decoded text, without a byte order mark.</param>
/// <param name="Encoding">The encoding the bytes were decoded with (GB18030 for a GB2312 or GBK declaration).</param>
/// <param name="DeclaredEncoding">The encoding named in the XML declaration, or null when there is none.</param>
/// <param name="HasByteOrderMark">Whether the body starts with a UTF-8, UTF-16 or GB18030 byte order mark.</param>
/// <param name="StrippedControlCharacters">How many control characters were removed.</param>
/// <param name="ReplacedSequences">How many invalid byte sequences became U+FFFD.</param>
public sealed record DecodedBody(
    string Text,
    Encoding Encoding,
    string? DeclaredEncoding,
    bool HasByteOrderMark,
    int StrippedControlCharacters,
    int ReplacedSequences)
{
    // Sorted by CharStart: where each decoded piece of the body starts in the text and in the bytes.
    internal IReadOnlyList<TextSegment> Segments { get; init; } = [];

    /// <summary>Returns the offset in the original body of the byte that produced <paramref name="charIndex"/> of <see cref="Text"/>.</summary>
    /// <remarks>
    /// Exact at the start of every segment (each segment starts at a '&lt;') and inside segments that decoded
    /// cleanly. NOTE: inside a segment that had control characters stripped or bytes replaced, the offset is
    /// estimated by re-encoding the text before the index, so it can be off by a few bytes.
    /// </remarks>
    public long ByteOffsetOf(int charIndex)
    {
        if (Segments.Count == 0)
        {
            return charIndex;
        }

        charIndex = Math.Clamp(charIndex, 0, Text.Length);
        var index = FindSegment(charIndex);
        var segment = Segments[index];
        var within = Encoding.GetByteCount(Text.AsSpan(segment.CharStart, charIndex - segment.CharStart));
        return segment.ByteStart + Math.Min(within, segment.ByteLength);
    }

    private int FindSegment(int charIndex)
    {
        var low = 0;
        var high = Segments.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Segments[middle].CharStart <= charIndex)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }
}

/// <summary>A piece of the body decoded on its own: its start in the text and its byte range in the body.</summary>
internal readonly record struct TextSegment(int CharStart, long ByteStart, int ByteLength);
