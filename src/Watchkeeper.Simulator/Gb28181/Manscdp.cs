using System.Globalization;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace Watchkeeper.Simulator.Gb28181;

/// <summary>The character sets of MANSCDP bodies.</summary>
internal static class ManscdpEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static ManscdpEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Gb18030 = Encoding.GetEncoding("GB18030");
    }

    /// <summary>GB18030, the superset of GB2312 that real devices write under the GB2312 label.</summary>
    public static Encoding Gb18030 { get; }

    /// <summary>Decodes a body as UTF-8 when it is valid UTF-8, else as GB18030, whatever it declares.</summary>
    public static string Decode(byte[] body)
    {
        try
        {
            return StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return Gb18030.GetString(body);
        }
    }
}

/// <summary>
/// Writes a MANSCDP XML body (GB/T 28181-2016 annex A) the way the captured Dahua and Hikvision devices do: declared
/// GB2312, one element per CRLF-ended line.
/// </summary>
internal sealed class ManscdpWriter
{
    // Stands for the raw bytes of a damaged field until the text is encoded; it is plain ASCII in every encoding used.
    private const string DamageMarker = "\u0001WK-DAMAGE\u0001";

    private readonly StringBuilder _text = new(1024);
    private readonly Stack<string> _open = new();

    public ManscdpWriter(string root)
    {
        _text.Append("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n");
        Open(root);
    }

    public ManscdpWriter Open(string name, string? attributes = null)
    {
        _text.Append('<').Append(name);
        if (attributes is not null)
        {
            _text.Append(' ').Append(attributes);
        }

        _text.Append(">\r\n");
        _open.Push(name);
        return this;
    }

    public ManscdpWriter Close()
    {
        _text.Append("</").Append(_open.Pop()).Append(">\r\n");
        return this;
    }

    public ManscdpWriter Element(string name, string value)
    {
        _text.Append('<').Append(name).Append('>').Append(SecurityElement.Escape(value)).Append("</").Append(name).Append(">\r\n");
        return this;
    }

    public ManscdpWriter Element(string name, long value) => Element(name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes an element whose content becomes <see cref="ToBytes"/>'s damage bytes.</summary>
    public ManscdpWriter DamagedElement(string name)
    {
        _text.Append('<').Append(name).Append('>').Append(DamageMarker).Append("</").Append(name).Append(">\r\n");
        return this;
    }

    /// <summary>Closes every open element and encodes the text, splicing <paramref name="damage"/> in at the damaged element.</summary>
    public byte[] ToBytes(bool utf8, ReadOnlySpan<byte> damage = default)
    {
        while (_open.Count > 0)
        {
            Close();
        }

        var encoding = utf8 ? Encoding.UTF8 : ManscdpEncoding.Gb18030;
        var text = _text.ToString();
        var marker = text.IndexOf(DamageMarker, StringComparison.Ordinal);
        if (marker < 0)
        {
            return encoding.GetBytes(text);
        }

        var before = encoding.GetBytes(text[..marker]);
        var after = encoding.GetBytes(text[(marker + DamageMarker.Length)..]);
        return [.. before, .. damage, .. after];
    }
}

/// <summary>The fields of a MANSCDP request body that the devices act on.</summary>
internal sealed partial record ManscdpRequest(string Root, string CmdType, string Sn, string DeviceId, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>Reads a body; null when it has no root element or no CmdType.</summary>
    public static ManscdpRequest? Parse(byte[] body)
    {
        var text = ManscdpEncoding.Decode(body);
        var root = RootPattern().Match(text);
        if (!root.Success)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match element in ElementPattern().Matches(text))
        {
            fields.TryAdd(element.Groups[1].Value, System.Net.WebUtility.HtmlDecode(element.Groups[2].Value.Trim()));
        }

        return fields.TryGetValue("CmdType", out var cmdType)
            ? new ManscdpRequest(root.Groups[1].Value, cmdType, fields.GetValueOrDefault("SN", "0"), fields.GetValueOrDefault("DeviceID", ""), fields)
            : null;
    }

    /// <summary>Returns a time field (local time without zone, e.g. 2024-05-17T14:24:54), or null.</summary>
    public DateTime? Time(string name) =>
        Fields.TryGetValue(name, out var text) && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Unspecified)
            : null;

    [GeneratedRegex(@"<(?!\?)([A-Za-z][\w.-]*)[\s>]", RegexOptions.CultureInvariant)]
    private static partial Regex RootPattern();

    [GeneratedRegex(@"<([A-Za-z][\w.-]*)>([^<]*)</\1>", RegexOptions.CultureInvariant)]
    private static partial Regex ElementPattern();
}
