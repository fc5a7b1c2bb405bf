using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Watchkeeper.Protocols.Sip;

/// <summary>The CSeq header: a sequence number and the request method it belongs to (RFC 3261 section 20.16).</summary>
public sealed record SipCSeq(long Number, string Method)
{
    /// <summary>Parses "20 MESSAGE"; the number must fit in 32 bits unsigned, as section 8.1.1.5 requires.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out SipCSeq? cseq)
    {
        cseq = null;
        text = text.Trim();
        var space = text.IndexOfAny(' ', '\t');
        if (space <= 0)
        {
            return false;
        }

        var method = text[(space + 1)..].Trim();
        if (method.IsEmpty
            || !long.TryParse(text[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > uint.MaxValue)
        {
            return false;
        }

        cseq = new SipCSeq(number, method.ToString());
        return true;
    }

    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + " " + Method;
}
