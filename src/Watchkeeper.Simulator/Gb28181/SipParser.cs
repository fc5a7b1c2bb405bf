using System.Globalization;
using System.Text;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>
/// Reads SIP messages leniently, as RFC 3261 §7.3 and real GB/T 28181 platforms need: header names in any case,
/// compact forms, LF-only line ends, spaces around the colon, folded lines, and a Content-Length that disagrees
/// with the bytes that arrived (a datagram never reads past its end).
/// </summary>
internal static class SipParser
{
    /// <summary>The largest header block accepted, so that a broken peer cannot make a device buffer without bound.</summary>
    public const int MaxHeaderBytes = 16 * 1024;

    /// <summary>The largest body accepted; a UDP datagram cannot carry more than 64 KB anyway.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private const int MaxHeaders = 100;

    // RFC 3261 §7.3.3 and RFC 6665 §8.2.1 (o = Event, u = Allow-Events).
    private static readonly Dictionary<string, string> CompactForms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["i"] = "Call-ID",
        ["m"] = "Contact",
        ["e"] = "Content-Encoding",
        ["l"] = "Content-Length",
        ["c"] = "Content-Type",
        ["f"] = "From",
        ["s"] = "Subject",
        ["k"] = "Supported",
        ["t"] = "To",
        ["v"] = "Via",
        ["o"] = "Event",
        ["u"] = "Allow-Events",
    };

    /// <summary>Parses one UDP datagram; returns null and the reason when it is not a SIP message.</summary>
    public static SipMessage? ParseDatagram(ReadOnlySpan<byte> datagram, out string? error)
    {
        var headEnd = FindHeadEnd(datagram, out var separatorLength);
        if (headEnd < 0)
        {
            error = "no empty line ends the header";
            return null;
        }

        var message = ParseHead(datagram[..headEnd], out error);
        if (message is null)
        {
            return null;
        }

        var available = datagram[(headEnd + separatorLength)..];
        var declared = ContentLength(message);
        var length = declared is { } value && value <= available.Length ? value : available.Length;
        message.Body = available[..Math.Min(length, MaxBodyBytes)].ToArray();
        return message;
    }

    /// <summary>Returns the index where the header block ends (before CRLFCRLF or LFLF), or -1.</summary>
    public static int FindHeadEnd(ReadOnlySpan<byte> bytes, out int separatorLength)
    {
        for (var i = 0; i < bytes.Length - 1; i++)
        {
            if (bytes[i] != '\n')
            {
                continue;
            }

            if (bytes[i + 1] == '\n')
            {
                separatorLength = 1;
                return i + 1;
            }

            if (bytes[i + 1] == '\r' && i + 2 < bytes.Length && bytes[i + 2] == '\n')
            {
                separatorLength = 2;
                return i + 1;
            }
        }

        separatorLength = 0;
        return -1;
    }

    /// <summary>Returns the Content-Length value, or null when it is missing or not a number.</summary>
    public static int? ContentLength(SipMessage message) =>
        int.TryParse(message.Header("Content-Length")?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;

    /// <summary>Parses the start line and header fields (without the empty line).</summary>
    public static SipMessage? ParseHead(ReadOnlySpan<byte> head, out string? error)
    {
        error = null;
        if (head.Length > MaxHeaderBytes)
        {
            error = $"the header exceeds {MaxHeaderBytes} bytes";
            return null;
        }

        var lines = Encoding.UTF8.GetString(head).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var message = ParseStartLine(lines[0].Trim());
        if (message is null)
        {
            error = $"invalid start line '{Shorten(lines[0])}'";
            return null;
        }

        string? name = null;
        var value = new StringBuilder();
        var count = 0;
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            // A line that starts with white space continues the previous header (RFC 3261 §7.3.1).
            if (line[0] is ' ' or '\t' && name is not null)
            {
                value.Append(' ').Append(line.Trim());
                continue;
            }

            if (name is not null)
            {
                message.Add(name, value.ToString());
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || ++count > MaxHeaders)
            {
                error = colon <= 0 ? $"invalid header line '{Shorten(line)}'" : $"more than {MaxHeaders} header fields";
                return null;
            }

            name = line[..colon].Trim();
            name = CompactForms.GetValueOrDefault(name, name);
            value.Clear().Append(line[(colon + 1)..].Trim());
        }

        if (name is not null)
        {
            message.Add(name, value.ToString());
        }

        return message;
    }

    private static SipMessage? ParseStartLine(string line)
    {
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return null;
        }

        if (parts[0].Equals("SIP/2.0", StringComparison.OrdinalIgnoreCase))
        {
            return int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 699
                ? SipMessage.Response(code, parts.Length == 3 ? parts[2] : "")
                : null;
        }

        return parts.Length == 3 && parts[2].Equals("SIP/2.0", StringComparison.OrdinalIgnoreCase)
            ? SipMessage.Request(parts[0].ToUpperInvariant(), parts[1])
            : null;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
