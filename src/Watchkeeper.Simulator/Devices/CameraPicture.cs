using Watchkeeper.Simulator.Assets;

namespace Watchkeeper.Simulator.Devices;

/// <summary>
/// What a camera or recorder channel shows: the street, or the picture of a fault. The RTSP stream and the snapshot
/// URL both read it, so they change together. Streams also stall on demand: PLAY succeeds but no media follows.
/// </summary>
internal sealed class CameraPicture
{
    private readonly Lock _lock = new();
    private PictureFaultKind? _fault;
    private int _version;
    private volatile bool _stalled;

    public PictureFaultKind? Fault
    {
        get
        {
            lock (_lock)
            {
                return _fault;
            }
        }
    }

    public bool IsStalled => _stalled;

    /// <summary>The clip to stream, and a version that changes with it, so that a stream restarts at a key frame.</summary>
    public (VideoClip Clip, int Version) Current
    {
        get
        {
            lock (_lock)
            {
                return (_fault is { } fault ? VideoClip.ForFault(fault) : VideoClip.Normal, _version);
            }
        }
    }

    /// <summary>Shows <paramref name="fault"/>, or the street again when null.</summary>
    public void SetFault(PictureFaultKind? fault)
    {
        lock (_lock)
        {
            _fault = fault;
            _version++;
        }
    }

    public void SetStalled(bool stalled) => _stalled = stalled;

    /// <summary>Returns the JPEG for the <paramref name="request"/>-th snapshot: the street pictures in turn, or the fault's picture.</summary>
    public ReadOnlyMemory<byte> Snapshot(int request)
    {
        if (Fault is { } fault)
        {
            return SnapshotPictures.ForFault(fault);
        }

        var pictures = SnapshotPictures.All;
        return pictures[(int)((uint)request % (uint)pictures.Count)];
    }
}
