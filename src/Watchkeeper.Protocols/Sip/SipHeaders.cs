using System.Collections;

namespace Watchkeeper.Protocols.Sip;

/// <summary>One header line: its canonical name and its value as received, trimmed.</summary>
public readonly record struct SipHeader(string Name, string Value);

/// <summary>
/// The header fields of a SIP message in the order received. Names are case-insensitive, and compact forms
/// (RFC 3261 section 7.3.3 and later RFCs, e.g. "i" for Call-ID, "v" for Via) are stored under the full name.
/// </summary>
public sealed class SipHeaders : IEnumerable<SipHeader>
{
    private static readonly Dictionary<string, string> CanonicalNames = CreateCanonicalNames();

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CanonicalNamesBySpan =
        CanonicalNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly List<SipHeader> _fields;

    public SipHeaders()
    {
        _fields = [];
    }

    internal SipHeaders(int capacity)
    {
        _fields = new List<SipHeader>(capacity);
    }

    public int Count => _fields.Count;

    /// <summary>Returns the full, conventionally spelled name for a known name or compact form; otherwise the name itself.</summary>
    public static string CanonicalName(string name) => CanonicalNames.GetValueOrDefault(name, name);

    /// <summary>Returns the canonical name for a span without allocating when the name is a known one.</summary>
    internal static string CanonicalName(ReadOnlySpan<char> name) =>
        CanonicalNamesBySpan.TryGetValue(name, out var canonical) ? canonical : name.ToString();

    public void Add(string name, string value) => _fields.Add(new SipHeader(CanonicalName(name), value));

    internal void AddCanonical(string canonicalName, string value) => _fields.Add(new SipHeader(canonicalName, value));

    /// <summary>Appends a folded continuation to the last value, joined by one space.</summary>
    internal void AppendToLast(string continuation)
    {
        var last = _fields[^1];
        _fields[^1] = last with { Value = last.Value.Length == 0 ? continuation : last.Value + " " + continuation };
    }

    /// <summary>Returns the first value of <paramref name="name"/> (any case or compact form), or null.</summary>
    public string? Get(string name)
    {
        var canonical = CanonicalName(name);
        foreach (var field in _fields)
        {
            if (field.Name.Equals(canonical, StringComparison.OrdinalIgnoreCase))
            {
                return field.Value;
            }
        }

        return null;
    }

    /// <summary>Returns the value of every line named <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> GetAll(string name)
    {
        var canonical = CanonicalName(name);
        var values = new List<string>();
        foreach (var field in _fields)
        {
            if (field.Name.Equals(canonical, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(field.Value);
            }
        }

        return values;
    }

    /// <summary>
    /// Returns the values of every line named <paramref name="name"/>, with comma-separated lists split into their
    /// elements (RFC 3261 section 7.3.1), as Via and Contact allow. Commas inside quotes or angle brackets do not split.
    /// </summary>
    public IReadOnlyList<string> GetValues(string name)
    {
        var canonical = CanonicalName(name);
        var values = new List<string>();
        foreach (var field in _fields)
        {
            if (field.Name.Equals(canonical, StringComparison.OrdinalIgnoreCase))
            {
                SplitList(field.Value, values);
            }
        }

        return values;
    }

    public bool Contains(string name) => Get(name) is not null;

    /// <summary>Replaces every line named <paramref name="name"/> with one line, at the first one's place.</summary>
    public void Set(string name, string value)
    {
        var canonical = CanonicalName(name);
        var index = _fields.FindIndex(field => field.Name.Equals(canonical, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            _fields.Add(new SipHeader(canonical, value));
            return;
        }

        _fields.RemoveAll(field => field.Name.Equals(canonical, StringComparison.OrdinalIgnoreCase));
        _fields.Insert(index, new SipHeader(canonical, value));
    }

    /// <summary>Removes every line named <paramref name="name"/>; returns how many there were.</summary>
    public int Remove(string name)
    {
        var canonical = CanonicalName(name);
        return _fields.RemoveAll(field => field.Name.Equals(canonical, StringComparison.OrdinalIgnoreCase));
    }

    public SipHeaders Clone()
    {
        var copy = new SipHeaders(_fields.Count);
        copy._fields.AddRange(_fields);
        return copy;
    }

    public IEnumerator<SipHeader> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static void SplitList(string value, List<string> values)
    {
        var quoted = false;
        var angle = false;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '\\' when quoted:
                    i++;
                    break;
                case '<' when !quoted:
                    angle = true;
                    break;
                case '>' when !quoted:
                    angle = false;
                    break;
                case ',' when !quoted && !angle:
                    AddTrimmed(value, start, i, values);
                    start = i + 1;
                    break;
            }
        }

        AddTrimmed(value, start, value.Length, values);
    }

    private static void AddTrimmed(string value, int start, int end, List<string> values)
    {
        var item = value.AsSpan(start, end - start).Trim();
        if (!item.IsEmpty)
        {
            values.Add(item.Length == value.Length ? value : item.ToString());
        }
    }

    private static Dictionary<string, string> CreateCanonicalNames()
    {
        string[] fullNames =
        [
            "Accept", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow", "Allow-Events", "Authentication-Info",
            "Authorization", "Call-ID", "Call-Info", "Contact", "Content-Disposition", "Content-Encoding",
            "Content-Language", "Content-Length", "Content-Type", "CSeq", "Date", "Error-Info", "Event", "Expires",
            "From", "In-Reply-To", "Max-Forwards", "Min-Expires", "MIME-Version", "Organization", "Priority",
            "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Require", "Record-Route", "Reply-To", "Require",
            "Retry-After", "Route", "Server", "Subject", "Subscription-State", "Supported", "Timestamp", "To",
            "Unsupported", "User-Agent", "Via", "Warning", "WWW-Authenticate", "Refer-To", "Referred-By",
            "Session-Expires", "Accept-Contact", "Reject-Contact", "Request-Disposition", "Identity", "Identity-Info",
            "Monitor-User-Agent",
        ];
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in fullNames)
        {
            names[name] = name;
        }

        // Compact forms: RFC 3261 section 7.3.3 (i, m, e, l, c, f, s, k, t, v), RFC 6665 (o, u), RFC 3515 (r),
        // RFC 3892 (b), RFC 4028 (x), RFC 3841 (a, j, d), RFC 4474 (y, n).
        (string Compact, string Full)[] compactForms =
        [
            ("i", "Call-ID"), ("m", "Contact"), ("e", "Content-Encoding"), ("l", "Content-Length"), ("c", "Content-Type"),
            ("f", "From"), ("s", "Subject"), ("k", "Supported"), ("t", "To"), ("v", "Via"), ("o", "Event"),
            ("u", "Allow-Events"), ("r", "Refer-To"), ("b", "Referred-By"), ("x", "Session-Expires"),
            ("a", "Accept-Contact"), ("j", "Reject-Contact"), ("d", "Request-Disposition"), ("y", "Identity"),
            ("n", "Identity-Info"),
        ];
        foreach (var (compact, full) in compactForms)
        {
            names[compact] = full;
        }

        return names;
    }
}
