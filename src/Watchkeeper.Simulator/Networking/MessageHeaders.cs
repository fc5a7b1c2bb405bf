namespace Watchkeeper.Simulator.Networking;

/// <summary>
/// Header fields of an RTSP or HTTP message, looked up case-insensitively (RFC 2616 §4.2, RFC 2326 §4.2).
/// </summary>
internal sealed class MessageHeaders
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public int Count => _fields.Count;

    public IEnumerable<KeyValuePair<string, string>> All => _fields;

    public void Add(string name, string value) => _fields.Add(new(name, value));

    /// <summary>Returns the first value of <paramref name="name"/>, or null when the message lacks it.</summary>
    public string? Get(string name)
    {
        foreach (var (fieldName, value) in _fields)
        {
            if (fieldName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Returns true when a comma-separated header such as Connection lists <paramref name="token"/>.</summary>
    public bool HasToken(string name, string token)
    {
        foreach (var (fieldName, value) in _fields)
        {
            if (!fieldName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
            {
                if (part.Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
