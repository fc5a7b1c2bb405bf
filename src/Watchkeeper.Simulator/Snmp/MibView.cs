namespace Watchkeeper.Simulator.Snmp;

/// <summary>
/// The object instances an agent exposes, sorted for GetNext, each read when a request names it, so that values
/// such as sysUpTime and ifOperStatus follow the device's state.
/// </summary>
internal sealed class MibView
{
    private readonly ObjectIdentifier[] _instances;
    private readonly Func<SnmpValue>[] _readers;
    private readonly ObjectIdentifier[] _objectTypes;

    private MibView(List<(ObjectIdentifier Instance, Func<SnmpValue> Read)> instances, IEnumerable<ObjectIdentifier> objectTypes)
    {
        instances.Sort((left, right) => left.Instance.CompareTo(right.Instance));
        _instances = instances.Select(entry => entry.Instance).ToArray();
        _readers = instances.Select(entry => entry.Read).ToArray();
        _objectTypes = objectTypes.Distinct().ToArray();
    }

    /// <summary>
    /// Returns the value of <paramref name="oid"/>: noSuchInstance when its object type is known but the instance
    /// is not, else noSuchObject (RFC 3416 §4.2.1).
    /// </summary>
    public SnmpValue Get(ObjectIdentifier oid)
    {
        var index = Array.BinarySearch(_instances, oid);
        if (index >= 0)
        {
            return _readers[index]();
        }

        return _objectTypes.Any(oid.IsBelow) ? SnmpValue.NoSuchInstance : SnmpValue.NoSuchObject;
    }

    /// <summary>Returns the first instance after <paramref name="oid"/>, or endOfMibView (RFC 3416 §4.2.2).</summary>
    public VariableBinding GetNext(ObjectIdentifier oid)
    {
        var index = Array.BinarySearch(_instances, oid);
        var next = index >= 0 ? index + 1 : ~index;
        return next < _instances.Length
            ? new VariableBinding(_instances[next], _readers[next]())
            : new VariableBinding(oid, SnmpValue.EndOfMibView);
    }

    public sealed class Builder
    {
        private readonly List<(ObjectIdentifier, Func<SnmpValue>)> _instances = [];
        private readonly List<ObjectIdentifier> _objectTypes = [];

        /// <summary>Adds the scalar object <paramref name="objectType"/> and its one instance, objectType.0.</summary>
        public Builder Scalar(ObjectIdentifier objectType, Func<SnmpValue> read)
        {
            _objectTypes.Add(objectType);
            _instances.Add((objectType.Append(0), read));
            return this;
        }

        /// <summary>Adds the row <paramref name="index"/> of the table column <paramref name="column"/>.</summary>
        public Builder Cell(ObjectIdentifier column, uint index, Func<SnmpValue> read)
        {
            _objectTypes.Add(column);
            _instances.Add((column.Append(index), read));
            return this;
        }

        public MibView Build() => new(_instances, _objectTypes);
    }
}
