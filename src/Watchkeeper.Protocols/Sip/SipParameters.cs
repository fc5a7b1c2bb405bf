using System.Collections;
using System.Text;

namespace Watchkeeper.Protocols.Sip;

/// <summary>
/// The ";name=value" parameters of a SIP URI, name-address or Via value, in the order received, with
/// case-insensitive names. A parameter sent without "=value" (such as "lr" or an empty "rport") has a null value.
/// </summary>
public sealed class SipParameters : IEnumerable<KeyValuePair<string, string?>>
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public int Count => _items.Count;

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Returns the value of <paramref name="name"/>; null when it is absent or has no value.</summary>
    public string? Get(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : _items[index].Value;
    }

    /// <summary>Sets <paramref name="name"/> in place when present, or appends it.</summary>
    public void Set(string name, string? value)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            _items.Add(new(name, value));
        }
        else
        {
            _items[index] = new(_items[index].Key, value);
        }
    }

    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return false;
        }

        _items.RemoveAt(index);
        return true;
    }

    public SipParameters Clone()
    {
        var copy = new SipParameters();
        copy._items.AddRange(_items);
        return copy;
    }

    /// <summary>
    /// Parses parameters from text that starts at a ';' (text before the first ';' is ignored). A value may be
    /// a quoted string, in which ';' does not end it; the quotes are kept so that formatting gives the same text.
    /// </summary>
    public static SipParameters Parse(ReadOnlySpan<char> text)
    {
        var parameters = new SipParameters();
        var position = text.IndexOf(';');
        while (position >= 0 && position < text.Length)
        {
            position++;
            var end = FindEnd(text, position);
            parameters.AddParsed(text[position..end]);
            position = end;
        }

        return parameters;
    }

    /// <summary>Appends ";name=value" for each parameter, or ";name" for one without a value.</summary>
    public void AppendTo(StringBuilder text)
    {
        foreach (var (name, value) in _items)
        {
            text.Append(';').Append(name);
            if (value is not null)
            {
                text.Append('=').Append(value);
            }
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        AppendTo(text);
        return text.ToString();
    }

    public IEnumerator<KeyValuePair<string, string?>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static int FindEnd(ReadOnlySpan<char> text, int start)
    {
        var quoted = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == '\\' && quoted)
            {
                i++;
            }
            else if (c == ';' && !quoted)
            {
                return i;
            }
        }

        return text.Length;
    }

    private void AddParsed(ReadOnlySpan<char> item)
    {
        item = item.Trim();
        if (item.IsEmpty)
        {
            return;
        }

        var equals = item.IndexOf('=');
        if (equals < 0)
        {
            _items.Add(new(item.ToString(), null));
            return;
        }

        var name = item[..equals].TrimEnd();
        if (name.IsEmpty)
        {
            return;
        }

        _items.Add(new(name.ToString(), item[(equals + 1)..].TrimStart().ToString()));
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (_items[i].Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
