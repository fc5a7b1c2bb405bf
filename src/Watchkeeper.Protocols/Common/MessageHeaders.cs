namespace Watchkeeper.Protocols.Common;

/// <summary>
/// The header fields of an RTSP, SIP or HTTP/1.x message, in the order received, with case-insensitive names.
/// </summary>
public sealed class MessageHeaders
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    public int Count => _fields.Count;

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    public void Add(string name, string value) => _fields.Add(new(name, value));

    /// <summary>Returns the first value of <paramref name="name"/>, or null when the header is absent.</summary>
    public string? Get(string name)
    {
        foreach (var field in _fields)
        {
            if (field.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return field.Value;
            }
        }

        return null;
    }

    /// <summary>Returns every value of <paramref name="name"/>, such as several WWW-Authenticate challenges.</summary>
    public IEnumerable<string> GetAll(string name) =>
        _fields.Where(field => field.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(field => field.Value);

    public bool Contains(string name) => Get(name) is not null;

    /// <summary>
    /// Reads header lines up to the empty line that ends them. A line that starts with a space or tab continues
    /// the previous value (RFC 2616 section 2.2, which RFC 2326 and RFC 3261 follow). A line without a colon is
    /// skipped, as lenient receivers do, but still counts against the reader's limits.
    /// </summary>
    /// <exception cref="MessageTooLargeException">More than <paramref name="maxFields"/> fields, or the reader's limits.</exception>
    /// <exception cref="EndOfStreamException">The stream ended before the empty line.</exception>
    public static async ValueTask<MessageHeaders> ReadAsync(BoundedLineReader reader, int maxFields, CancellationToken cancellationToken)
    {
        var headers = new MessageHeaders();
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new EndOfStreamException($"the stream ended after {headers.Count} header fields, before the empty line that ends them");
            if (line.Length == 0)
            {
                return headers;
            }

            if (line[0] is ' ' or '\t')
            {
                headers.AppendToLast(line.Trim());
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            if (headers.Count == maxFields)
            {
                throw new MessageTooLargeException($"more than {maxFields} header fields");
            }

            headers.Add(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }
    }

    private void AppendToLast(string continuation)
    {
        if (_fields.Count == 0 || continuation.Length == 0)
        {
            return;
        }

        var last = _fields[^1];
        _fields[^1] = new(last.Key, last.Value.Length == 0 ? continuation : last.Value + " " + continuation);
    }
}
