namespace Watchkeeper.Simulator.Gb28181;

/// <summary>Reads the parts of SIP header values the devices need: the user of a URI and header parameters.</summary>
internal static class SipUris
{
    /// <summary>Returns the user part of the URI in a From, To or Contact value, or a request URI; null when none.</summary>
    public static string? User(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var start = value.IndexOf("sip:", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        start += 4;
        var at = value.IndexOf('@', start);
        var end = value.IndexOfAny(['>', ';', ' ', ':'], start);
        return at > start && (end < 0 || at < end) ? value[start..at] : null;
    }

    /// <summary>Returns parameter <paramref name="name"/> of a header value (after the URI's closing '&gt;'), or null.</summary>
    public static string? Parameter(string value, string name)
    {
        var close = value.LastIndexOf('>');
        var parameters = close >= 0 ? value[(close + 1)..] : value;
        foreach (var part in parameters.Split(';', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && part[..equals].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return part[(equals + 1)..].Trim().Trim('"');
            }
        }

        return null;
    }

    /// <summary>Returns a random token for tags, branches and Call-IDs.</summary>
    public static string NewToken() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
}
