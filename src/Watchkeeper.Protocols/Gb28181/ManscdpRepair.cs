using System.Text;
using System.Text.RegularExpressions;

namespace Watchkeeper.Protocols.Gb28181;

/// <summary>
/// Locates damage in MANSCDP text and blanks free-text fields that cannot be read, keeping every other
/// character at its offset so that error positions still point into the original body.
/// </summary>
internal static partial class ManscdpRepair
{
    internal const char Replacement = '\uFFFD';

    /// <summary>
    /// Blanks the content of every free-text field that contains undecodable bytes or is not valid XML on its
    /// own (a bare &amp;, a stray &lt;, an unknown entity), adding a diagnostic for each.
    /// </summary>
    internal static string BlankDamagedFields(DecodedBody body, List<ManscdpDiagnostic> diagnostics)
    {
        var text = body.Text;
        StringBuilder? repaired = null;
        foreach (Match match in FreeTextFieldPattern().Matches(text))
        {
            var content = match.Groups["content"];
            var damageAt = FindDamage(content.Value);
            if (damageAt is not int offset)
            {
                continue;
            }

            repaired ??= new StringBuilder(text);
            for (var i = content.Index; i < content.Index + content.Length; i++)
            {
                if (text[i] is not ('\n' or '\r'))
                {
                    repaired[i] = ' ';
                }
            }

            var field = match.Groups["tag"].Value;
            var reason = content.Value[offset] == Replacement ? "undecodable bytes" : "text that is not valid XML";
            diagnostics.Add(new ManscdpDiagnostic(field, ItemDeviceIdAt(text, match.Index), body.ByteOffsetOf(content.Index + offset), reason));
        }

        return repaired?.ToString() ?? text;
    }

    /// <summary>Returns the DeviceID of the message itself: the first one before any Item element.</summary>
    internal static string? EnvelopeDeviceId(string text)
    {
        var firstItem = FirstItemStartPattern().Match(text);
        var match = DeviceIdPattern().Match(text);
        return match.Success && (!firstItem.Success || match.Index < firstItem.Index) ? match.Groups["id"].Value : null;
    }

    /// <summary>Returns the name of the element whose start tag comes last before <paramref name="index"/>.</summary>
    internal static string EnclosingElement(string text, int index)
    {
        var match = StartTagPattern().Match(text, 0, Math.Clamp(index, 0, text.Length));
        return match.Success ? match.Groups["tag"].Value : "(document)";
    }

    /// <summary>Converts a 1-based line and column, as XmlException reports them, to an index in <paramref name="text"/>.</summary>
    internal static int IndexOf(string text, int line, int column)
    {
        var index = 0;
        for (var current = 1; current < line; current++)
        {
            var newline = text.IndexOf('\n', index);
            if (newline < 0)
            {
                return text.Length;
            }

            index = newline + 1;
        }

        return Math.Min(text.Length, index + Math.Max(0, column - 1));
    }

    // Returns the index of the first damaged character in a field's content, or null when it is intact.
    private static int? FindDamage(string content)
    {
        var replacement = content.IndexOf(Replacement);
        if (replacement >= 0)
        {
            return replacement;
        }

        if (content.IndexOfAny(['<', '&']) < 0)
        {
            return null;
        }

        const string open = "<x>";
        if (ManscdpXml.TryLoad(open + content + "</x>", out var error) is not null)
        {
            return null;
        }

        // XmlReader reports the character after a bad '&' or '<'; point at the markup character itself.
        var at = Math.Clamp(IndexOf(open + content, error!.LineNumber, error.LinePosition) - open.Length, 0, content.Length - 1);
        var markup = content.AsSpan(0, at + 1).LastIndexOfAny('<', '&');
        return markup >= 0 ? markup : at;
    }

    private static string? ItemDeviceIdAt(string text, int index)
    {
        var itemStart = LastItemStartPattern().Match(text, 0, index);
        if (!itemStart.Success)
        {
            return null;
        }

        var itemEnd = text.IndexOf("</Item", itemStart.Index, StringComparison.OrdinalIgnoreCase);
        var length = (itemEnd < 0 ? text.Length : itemEnd) - itemStart.Index;
        if (itemEnd >= 0 && itemEnd < index)
        {
            return null;
        }

        var deviceId = DeviceIdPattern().Match(text, itemStart.Index, length);
        return deviceId.Success ? deviceId.Groups["id"].Value : null;
    }

    // Free-text fields of GB/T 28181 bodies. The content may hold anything but a closing tag, so that a
    // damaged field never swallows the elements after it.
    [GeneratedRegex(
        """<(?<tag>Name|DeviceName|Manufacturer|Model|Owner|Address|Block|Firmware|FilePath|AlarmDescription|Reason)\s*>(?<content>(?:(?!</).)*?)</\k<tag>\s*>""",
        RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FreeTextFieldPattern();

    [GeneratedRegex("""<DeviceID\s*>\s*(?<id>[^<\s]+)\s*</DeviceID\s*>""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DeviceIdPattern();

    [GeneratedRegex("""<Item[\s>]""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FirstItemStartPattern();

    [GeneratedRegex("""<Item[\s>]""", RegexOptions.IgnoreCase | RegexOptions.RightToLeft | RegexOptions.CultureInvariant)]
    private static partial Regex LastItemStartPattern();

    [GeneratedRegex("""<(?<tag>[A-Za-z_][\w.-]*)(?:\s[^<>]*)?>""", RegexOptions.RightToLeft | RegexOptions.CultureInvariant)]
    private static partial Regex StartTagPattern();
}
