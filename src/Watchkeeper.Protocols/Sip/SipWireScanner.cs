using System.Buffers.Text;
using System.Text;

namespace Watchkeeper.Protocols.Sip;

/// <summary>Byte-level steps shared by the datagram parser and the stream framer.</summary>
internal static class SipWireScanner
{
    /// <summary>Returns how many CR and LF bytes start <paramref name="input"/>: keep-alives (RFC 5626 section 3.5.1).</summary>
    public static int CountLeadingLineEnds(ReadOnlySpan<byte> input)
    {
        var count = input.IndexOfAnyExcept((byte)'\r', (byte)'\n');
        return count < 0 ? input.Length : count;
    }

    /// <summary>
    /// Finds the empty line that ends the headers, with CRLF or bare LF line ends. Returns the length of the head
    /// (up to and including the last header line's LF) and sets <paramref name="bodyStart"/>; returns -1 when
    /// the empty line has not arrived.
    /// </summary>
    public static int FindHeaderEnd(ReadOnlySpan<byte> input, out int bodyStart)
    {
        var searchFrom = 0;
        while (true)
        {
            var lineFeed = input[searchFrom..].IndexOf((byte)'\n');
            if (lineFeed < 0)
            {
                bodyStart = -1;
                return -1;
            }

            var position = searchFrom + lineFeed + 1;
            if (position < input.Length && input[position] == '\n')
            {
                bodyStart = position + 1;
                return position;
            }

            if (position + 1 < input.Length && input[position] == '\r' && input[position + 1] == '\n')
            {
                bodyStart = position + 2;
                return position;
            }

            searchFrom = position;
        }
    }

    /// <summary>Finds the value of the first Content-Length (or compact "l") line in a head; false when there is none.</summary>
    public static bool TryFindContentLength(ReadOnlySpan<byte> head, out ReadOnlySpan<byte> value)
    {
        while (!head.IsEmpty)
        {
            var lineFeed = head.IndexOf((byte)'\n');
            var line = lineFeed < 0 ? head : head[..lineFeed];
            head = lineFeed < 0 ? default : head[(lineFeed + 1)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8) || Ascii.EqualsIgnoreCase(name, "l"u8))
            {
                value = line[(colon + 1)..];
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Parses a decimal length with surrounding white space; -1 when it is not one.</summary>
    public static long ParseLength(ReadOnlySpan<byte> value)
    {
        value = value.Trim(" \t\r"u8);
        if (value.IsEmpty || value.Length > 18 || value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return -1;
        }

        return Utf8Parser.TryParse(value, out long length, out _) ? length : -1;
    }
}
