namespace Watchkeeper.Protocols.Gb28181;

/// <summary>The state of a response that arrives split over several messages.</summary>
public enum AssemblyState
{
    /// <summary>Parts are still expected.</summary>
    Pending,

    /// <summary>At least SumNum distinct items arrived.</summary>
    Complete,

    /// <summary>The wait ended with fewer distinct items than SumNum.</summary>
    Partial,

    /// <summary>The wait ended before any part arrived.</summary>
    NeverAnswered,
}

/// <summary>A snapshot of an assembly: its state and how many distinct items of how many arrived.</summary>
/// <param name="Accepted">False when the part arrived after the assembly had expired and was not stored.</param>
public sealed record AssemblyProgress(AssemblyState State, int ReceivedCount, int? SumNum, int PartCount, bool Accepted = true)
{
    public bool IsFinished => State != AssemblyState.Pending;

    /// <summary>Returns the count as n/N, e.g. 1998/2000, or n/? before the first part.</summary>
    public override string ToString() => $"{ReceivedCount}/{SumNum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";
}

/// <summary>
/// Collects the items of a response split over many messages (one device, one SN), de-duplicated by a key;
/// safe to call from many threads. It has no timer: the caller calls <see cref="Expire"/> when the wait ends.
/// </summary>
public abstract class ItemAssembly<TItem, TKey>
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, TItem> _items;
    private readonly List<int> _differentSumNums = [];
    private int? _sumNum;
    private int _partCount;
    private AssemblyState _state = AssemblyState.Pending;

    protected ItemAssembly(string deviceId, long sn, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deviceId);
        DeviceId = deviceId;
        Sn = sn;
        _items = new Dictionary<TKey, TItem>(comparer);
    }

    public string DeviceId { get; }

    public long Sn { get; }

    public AssemblyProgress Progress
    {
        get
        {
            lock (_lock)
            {
                return Snapshot(accepted: true);
            }
        }
    }

    public AssemblyState State => Progress.State;

    /// <summary>The distinct items so far, in the order their keys first arrived; a later copy replaces an earlier one.</summary>
    public IReadOnlyList<TItem> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items.Values];
            }
        }
    }

    /// <summary>SumNum values of later parts that differ from the first part's, in arrival order.</summary>
    public IReadOnlyList<int> DifferentSumNums
    {
        get
        {
            lock (_lock)
            {
                return [.. _differentSumNums];
            }
        }
    }

    /// <summary>Ends the wait: Pending becomes Partial, or NeverAnswered when no part arrived; Complete stays.</summary>
    public AssemblyProgress Expire()
    {
        lock (_lock)
        {
            if (_state == AssemblyState.Pending)
            {
                _state = _partCount == 0 ? AssemblyState.NeverAnswered : AssemblyState.Partial;
            }

            return Snapshot(accepted: true);
        }
    }

    protected abstract TKey KeyOf(TItem item);

    /// <summary>Stores one part; a part after <see cref="Expire"/> is not stored and returns Accepted false.</summary>
    protected AssemblyProgress AddPart(string deviceId, long sn, int sumNum, IReadOnlyList<TItem> items)
    {
        if (!string.Equals(deviceId, DeviceId, StringComparison.Ordinal) || sn != Sn)
        {
            throw new ArgumentException($"The part of device {deviceId} SN {sn} belongs to another assembly than device {DeviceId} SN {Sn}.");
        }

        lock (_lock)
        {
            if (_state is AssemblyState.Partial or AssemblyState.NeverAnswered)
            {
                return Snapshot(accepted: false);
            }

            _partCount++;
            if (_sumNum is null)
            {
                _sumNum = sumNum;
            }
            else if (sumNum != _sumNum)
            {
                _differentSumNums.Add(sumNum);
            }

            foreach (var item in items)
            {
                _items[KeyOf(item)] = item;
            }

            if (_items.Count >= _sumNum)
            {
                _state = AssemblyState.Complete;
            }

            return Snapshot(accepted: true);
        }
    }

    private AssemblyProgress Snapshot(bool accepted) => new(_state, _items.Count, _sumNum, _partCount, accepted);
}
