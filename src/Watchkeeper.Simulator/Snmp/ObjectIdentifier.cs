using System.Globalization;

namespace Watchkeeper.Simulator.Snmp;

/// <summary>An ASN.1 OBJECT IDENTIFIER such as 1.3.6.1.2.1.1.3.0, ordered lexicographically as SNMP walks do.</summary>
internal sealed class ObjectIdentifier : IComparable<ObjectIdentifier>, IEquatable<ObjectIdentifier>
{
    private readonly uint[] _arcs;

    public ObjectIdentifier(params uint[] arcs)
    {
        if (arcs.Length < 2)
        {
            throw new ArgumentException("An object identifier has at least two arcs.", nameof(arcs));
        }

        _arcs = arcs;
    }

    public ReadOnlySpan<uint> Arcs => _arcs;

    public static ObjectIdentifier Parse(string text) =>
        new(text.Split('.').Select(arc => uint.Parse(arc, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray());

    /// <summary>Returns this identifier with <paramref name="arcs"/> appended, e.g. a column OID and an ifIndex.</summary>
    public ObjectIdentifier Append(params uint[] arcs) => new([.. _arcs, .. arcs]);

    /// <summary>True when this identifier starts with every arc of <paramref name="prefix"/> and is longer.</summary>
    public bool IsBelow(ObjectIdentifier prefix) =>
        _arcs.Length > prefix._arcs.Length && _arcs.AsSpan(0, prefix._arcs.Length).SequenceEqual(prefix._arcs);

    public int CompareTo(ObjectIdentifier? other)
    {
        if (other is null)
        {
            return 1;
        }

        return _arcs.AsSpan().SequenceCompareTo(other._arcs);
    }

    public bool Equals(ObjectIdentifier? other) => other is not null && _arcs.AsSpan().SequenceEqual(other._arcs);

    public override bool Equals(object? obj) => Equals(obj as ObjectIdentifier);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var arc in _arcs)
        {
            hash.Add(arc);
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join('.', _arcs);
}
