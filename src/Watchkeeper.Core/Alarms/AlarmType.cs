namespace Watchkeeper.Core.Alarms;

public enum AlarmType
{
    /// <summary>Every reachability probe failed for the configured number of rounds.</summary>
    Offline,

    /// <summary>The device responded but rejected the stored credentials.</summary>
    AuthenticationFailed,

    /// <summary>The device clock differs from the platform's by more than the threshold.</summary>
    ClockSkew,

    /// <summary>The device clock is years off: a lost real-time clock or a reset device.</summary>
    ClockInvalid,

    /// <summary>A recorder disk reports an error state.</summary>
    DiskAbnormal,

    /// <summary>A recorder has no disk, or a disk the recorder had is gone.</summary>
    DiskMissing,

    /// <summary>The snapshot URL returns something that is not a usable JPEG picture.</summary>
    SnapshotInvalid,

    /// <summary>The RTSP DESCRIBE answer carries a malformed session description (SDP).</summary>
    StreamDescriptionWarning,

    /// <summary>A switch port named in the ledger is not up (ifOperStatus).</summary>
    InterfaceDown,
}

public enum AlarmSeverity
{
    Critical,
    Major,
    Minor,
    Warning,
}

public enum AlarmState
{
    Open,
    Acknowledged,
    Resolved,
}

public static class AlarmTypes
{
    public static AlarmSeverity DefaultSeverity(this AlarmType type) => type switch
    {
        AlarmType.Offline => AlarmSeverity.Major,
        AlarmType.DiskAbnormal or AlarmType.DiskMissing => AlarmSeverity.Major,
        AlarmType.AuthenticationFailed or AlarmType.InterfaceDown or AlarmType.SnapshotInvalid => AlarmSeverity.Minor,
        _ => AlarmSeverity.Warning,
    };
}
