using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Watchkeeper.Simulator.Tests.Gb28181;

/// <summary>
/// A SIP message as the test platform reads it, with its own few lines of parsing so that the tests do not check the
/// simulator's SIP code with itself.
/// </summary>
internal sealed partial record PeerMessage(string StartLine, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset ReceivedAt)
{
    public bool IsRequest => !StartLine.StartsWith("SIP/2.0", StringComparison.Ordinal);

    public string Method => IsRequest ? StartLine.Split(' ')[0] : CSeqMethod;

    public int StatusCode => IsRequest ? 0 : int.Parse(StartLine.Split(' ')[1], CultureInfo.InvariantCulture);

    public string CSeqMethod => Header("CSeq").Split(' ')[^1];

    public long CSeqNumber => long.Parse(Header("CSeq").Split(' ')[0], CultureInfo.InvariantCulture);

    public string Branch => BranchPattern().Match(Header("Via")).Groups[1].Value;

    /// <summary>The body decoded as GB18030, as a platform reads a GB2312-declared body.</summary>
    public string Text => GbEncoding.Gb18030.GetString(Body);

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    /// <summary>Returns the first element <paramref name="name"/> in the body, or null.</summary>
    public string? Element(string name)
    {
        var match = Regex.Match(Text, $"<{name}>([^<]*)</{name}>");
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>Counts the elements <paramref name="name"/> in the body, nested ones included.</summary>
    public int Count(string name) => Regex.Matches(Text, $"<{name}>").Count;

    public IReadOnlyList<string> Elements(string name) =>
        Regex.Matches(Text, $"<{name}>([^<]*)</{name}>").Select(match => match.Groups[1].Value).ToList();

    /// <summary>Parses one message; the header ends at the first CRLFCRLF and the body takes Content-Length bytes.</summary>
    public static PeerMessage? Parse(byte[] bytes, out int consumed)
    {
        consumed = 0;
        var text = Encoding.Latin1.GetString(bytes);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0)
        {
            return null;
        }

        var lines = Encoding.UTF8.GetString(bytes, 0, headEnd).Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.TryAdd(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }

        var length = int.Parse(headers["Content-Length"], CultureInfo.InvariantCulture);
        if (bytes.Length < headEnd + 4 + length)
        {
            return null;
        }

        consumed = headEnd + 4 + length;
        return new PeerMessage(lines[0], headers, bytes[(headEnd + 4)..consumed], DateTimeOffset.UtcNow);
    }

    [GeneratedRegex("branch=([^;,\\s]+)")]
    private static partial Regex BranchPattern();
}

internal static class GbEncoding
{
    static GbEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Gb18030 = Encoding.GetEncoding("GB18030");
    }

    public static Encoding Gb18030 { get; }
}
