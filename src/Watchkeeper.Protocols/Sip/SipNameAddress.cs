using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// The value of a From, To or Contact header (RFC 3261 section 20.10): an optional display name, a URI and
/// header parameters such as tag or expires.
/// </summary>
public sealed class SipNameAddress
{
    public SipNameAddress(SipUri uri, string? displayName = null, SipParameters? parameters = null)
    {
        Uri = uri;
        DisplayName = displayName;
        Parameters = parameters ?? new SipParameters();
    }

    /// <summary>The display name without its quotes; null when absent.</summary>
    public string? DisplayName { get; }

    public SipUri Uri { get; }

    /// <summary>The header parameters after the URI, such as tag and expires (not the URI's own parameters).</summary>
    public SipParameters Parameters { get; }

    public string? Tag => Parameters.Get("tag");

    /// <summary>The expires parameter of a Contact, in seconds; null when absent or not a number.</summary>
    public int? Expires =>
        int.TryParse(Parameters.Get("expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    /// <summary>Returns a copy with the tag parameter set to <paramref name="tag"/>.</summary>
    public SipNameAddress WithTag(string tag)
    {
        var parameters = Parameters.Clone();
        parameters.Set("tag", tag);
        return new SipNameAddress(Uri, DisplayName, parameters);
    }

    /// <summary>
    /// Parses the name-address form (<c>"Name" &lt;sip:...&gt;;tag=1</c>, <c>Name &lt;sip:...&gt;</c>) or the bare
    /// addr-spec form (<c>sip:...;tag=1</c>), where the parameters after the URI belong to the header.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipNameAddress? address)
    {
        address = null;
        text = text.Trim();
        string? displayName = null;
        var afterDisplay = text;
        if (text.StartsWith("\""))
        {
            var close = FindClosingQuote(text);
            if (close < 0)
            {
                return false;
            }

            displayName = Unescape(text[1..close]);
            afterDisplay = text[(close + 1)..].TrimStart();
        }

        var open = afterDisplay.IndexOf('<');
        if (open >= 0)
        {
            var close = afterDisplay.IndexOf('>');
            if (close < open)
            {
                return false;
            }

            if (displayName is null && open > 0)
            {
                displayName = afterDisplay[..open].Trim().ToString();
            }

            if (!SipUri.TryParse(afterDisplay[(open + 1)..close], out var uri))
            {
                return false;
            }

            address = new SipNameAddress(uri, displayName, SipParameters.Parse(afterDisplay[(close + 1)..]));
            return true;
        }

        if (displayName is not null)
        {
            return false;
        }

        var semicolon = text.IndexOf(';');
        var uriText = semicolon < 0 ? text : text[..semicolon];
        if (!SipUri.TryParse(uriText, out var bareUri))
        {
            return false;
        }

        var parameters = semicolon < 0 ? new SipParameters() : SipParameters.Parse(text[semicolon..]);
        address = new SipNameAddress(bareUri, null, parameters);
        return true;
    }

    public static SipNameAddress? Parse(string text) => TryParse(text, out var address) ? address : null;

    /// <summary>Formats the name-address form, always with angle brackets and a quoted display name.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(80);
        if (!string.IsNullOrEmpty(DisplayName))
        {
            text.Append('"').Append(DisplayName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\" ");
        }

        text.Append('<').Append(Uri).Append('>');
        Parameters.AppendTo(text);
        return text.ToString();
    }

    private static int FindClosingQuote(ReadOnlySpan<char> text)
    {
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        return -1;
    }

    private static string Unescape(ReadOnlySpan<char> quoted)
    {
        if (!quoted.Contains('\\'))
        {
            return quoted.ToString();
        }

        var text = new StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] == '\\' && i + 1 < quoted.Length)
            {
                i++;
            }

            text.Append(quoted[i]);
        }

        return text.ToString();
    }
}
