using System.Globalization;

namespace Watchkeeper.Protocols.Snmp;

/// <summary>An OBJECT IDENTIFIER in dotted numeric form, e.g. 1.3.6.1.2.1.1.3.0.</summary>
public sealed class ObjectIdentifier : IEquatable<ObjectIdentifier>
{
    /// <summary>Maximum number of sub-identifiers an SNMP OID may have (RFC 2578 section 3.5).</summary>
    public const int MaxSubIdentifiers = 128;

    private readonly uint[] _subIdentifiers;

    public ObjectIdentifier(params uint[] subIdentifiers)
    {
        if (subIdentifiers.Length < 2)
        {
            throw new ArgumentException("An OBJECT IDENTIFIER needs at least two sub-identifiers.", nameof(subIdentifiers));
        }

        if (subIdentifiers.Length > MaxSubIdentifiers)
        {
            throw new ArgumentException($"An SNMP OBJECT IDENTIFIER has at most {MaxSubIdentifiers} sub-identifiers.", nameof(subIdentifiers));
        }

        if (subIdentifiers[0] > 2 || (subIdentifiers[0] < 2 && subIdentifiers[1] >= 40))
        {
            throw new ArgumentException($"{subIdentifiers[0]}.{subIdentifiers[1]} is not a valid start of an OBJECT IDENTIFIER.", nameof(subIdentifiers));
        }

        _subIdentifiers = (uint[])subIdentifiers.Clone();
    }

    public IReadOnlyList<uint> SubIdentifiers => _subIdentifiers;

    /// <summary>Parses dotted numeric form; a leading dot, as Net-SNMP prints, is allowed.</summary>
    public static ObjectIdentifier Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().TrimStart('.').Split('.');
        var subIdentifiers = new uint[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!uint.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out subIdentifiers[i]))
            {
                throw new FormatException($"'{text}' is not a numeric OBJECT IDENTIFIER: '{parts[i]}' is not a number.");
            }
        }

        return new ObjectIdentifier(subIdentifiers);
    }

    /// <summary>Returns this OID with <paramref name="subIdentifier"/> appended, e.g. a table column plus an index.</summary>
    public ObjectIdentifier Append(uint subIdentifier) => new([.. _subIdentifiers, subIdentifier]);

    /// <summary>Encodes the contents octets (X.690 section 8.19): the first two arcs in one value, then base 128.</summary>
    internal byte[] EncodeContents()
    {
        var bytes = new List<byte>(_subIdentifiers.Length + 4);
        AppendBase128(bytes, (_subIdentifiers[0] * 40UL) + _subIdentifiers[1]);
        for (var i = 2; i < _subIdentifiers.Length; i++)
        {
            AppendBase128(bytes, _subIdentifiers[i]);
        }

        return [.. bytes];
    }

    internal static ObjectIdentifier DecodeContents(ReadOnlySpan<byte> contents)
    {
        if (contents.Length == 0)
        {
            throw new SnmpFormatException("OBJECT IDENTIFIER has no content bytes");
        }

        var values = new List<ulong>();
        ulong current = 0;
        var octetsInCurrent = 0;
        foreach (var octet in contents)
        {
            if (octetsInCurrent == 0 && octet == 0x80)
            {
                throw new SnmpFormatException("OBJECT IDENTIFIER sub-identifier starts with the padding octet 0x80");
            }

            current = (current << 7) | (uint)(octet & 0x7F);
            octetsInCurrent++;
            if (current > uint.MaxValue + 80UL)
            {
                throw new SnmpFormatException("OBJECT IDENTIFIER sub-identifier exceeds 32 bits");
            }

            if ((octet & 0x80) == 0)
            {
                values.Add(current);
                current = 0;
                octetsInCurrent = 0;
            }
        }

        if (octetsInCurrent != 0)
        {
            throw new SnmpFormatException("OBJECT IDENTIFIER ends inside a sub-identifier");
        }

        if (values.Count + 1 > MaxSubIdentifiers)
        {
            throw new SnmpFormatException($"OBJECT IDENTIFIER has more than {MaxSubIdentifiers} sub-identifiers");
        }

        var first = values[0] switch
        {
            < 40 => 0UL,
            < 80 => 1UL,
            _ => 2UL,
        };
        var second = values[0] - (first * 40);
        if (second > uint.MaxValue || values.Skip(1).Any(v => v > uint.MaxValue))
        {
            throw new SnmpFormatException("OBJECT IDENTIFIER sub-identifier exceeds 32 bits");
        }

        var subIdentifiers = new uint[values.Count + 1];
        subIdentifiers[0] = (uint)first;
        subIdentifiers[1] = (uint)second;
        for (var i = 1; i < values.Count; i++)
        {
            subIdentifiers[i + 1] = (uint)values[i];
        }

        return new ObjectIdentifier(subIdentifiers);
    }

    public bool Equals(ObjectIdentifier? other) =>
        other is not null && _subIdentifiers.AsSpan().SequenceEqual(other._subIdentifiers);

    public override bool Equals(object? obj) => Equals(obj as ObjectIdentifier);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var subIdentifier in _subIdentifiers)
        {
            hash.Add(subIdentifier);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join('.', _subIdentifiers);

    private static void AppendBase128(List<byte> bytes, ulong value)
    {
        Span<byte> groups = stackalloc byte[10];
        var count = 0;
        do
        {
            groups[count++] = (byte)(value & 0x7F);
            value >>= 7;
        }
        while (value != 0);

        for (var i = count - 1; i >= 0; i--)
        {
            bytes.Add(i == 0 ? groups[i] : (byte)(groups[i] | 0x80));
        }
    }
}
