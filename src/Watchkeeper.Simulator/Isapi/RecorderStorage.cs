namespace Watchkeeper.Simulator.Isapi;

/// <summary>One hard disk of a simulated recorder, as ISAPI's hddList reports it (sizes in MB, as ISAPI counts them).</summary>
/// <param name="Status">The ISAPI status word: "ok", or a fault such as "error", "unformatted" or "smartFailed".</param>
public sealed record RecorderDisk(int Id, string Name, long CapacityMegabytes, long FreeMegabytes, string Status, DateOnly InstalledOn);

/// <summary>The disks of one recorder, whose status a fault can change while requests read it.</summary>
public sealed class RecorderStorage
{
    public const string StatusOk = "ok";
    public const string StatusError = "error";

    private readonly Lock _lock = new();
    private readonly List<RecorderDisk> _disks;

    public RecorderStorage(IEnumerable<RecorderDisk> disks, int slots)
    {
        _disks = disks.ToList();
        Slots = slots;
    }

    /// <summary>Disk bays in the chassis (hddList's size attribute); bays may be empty.</summary>
    public int Slots { get; }

    public IReadOnlyList<RecorderDisk> Disks
    {
        get
        {
            lock (_lock)
            {
                return _disks.ToList();
            }
        }
    }

    /// <summary>Sets the status of disk <paramref name="diskId"/>; returns false when the recorder has no such disk.</summary>
    public bool SetStatus(int diskId, string status)
    {
        lock (_lock)
        {
            var index = _disks.FindIndex(disk => disk.Id == diskId);
            if (index < 0)
            {
                return false;
            }

            _disks[index] = _disks[index] with { Status = status };
            return true;
        }
    }
}
