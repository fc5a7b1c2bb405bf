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

    /// <summary>The device's GB/T 28181 registration expired without a refresh while its keepalives still arrive.</summary>
    RegistrationExpired,

    /// <summary>GB/T 28181 DeviceStatus reports Record OFF: the device is not recording.</summary>
    RecordingStopped,

    /// <summary>GB/T 28181 DeviceStatus reports Encode OFF: the device is not encoding video.</summary>
    EncodingStopped,

    /// <summary>The device reports video loss on a channel (GB/T 28181 alarm notify, or a catalog status VLOST).</summary>
    VideoLoss,

    /// <summary>The device reports an abnormal picture or tampering (GB/T 28181 alarm notify, or a catalog status DEFECT).</summary>
    VideoAbnormal,

    /// <summary>The device reports a full disk.</summary>
    DiskFull,

    /// <summary>The device reports a fan fault.</summary>
    FanFault,

    /// <summary>The device reports a high temperature.</summary>
    HighTemperature,

    /// <summary>The device reports a low temperature.</summary>
    LowTemperature,

    /// <summary>Any other alarm a device sends (motion, intrusion, an alarm input): shown, kept apart from faults.</summary>
    DeviceReported,

    /// <summary>Video quality diagnosis found a picture fault; the alarm's subject names the check (DiagnosisKind).</summary>
    VideoQualityFault,

    /// <summary>The camera is reachable but delivered no frame to video quality diagnosis (stream or snapshot failed).</summary>
    FrameUnavailable,

    /// <summary>A recording channel has a gap in its recordings longer than the threshold, within its schedule.</summary>
    RecordingGap,

    /// <summary>The oldest available recording is younger than the organization's required retention days.</summary>
    RetentionShortfall,
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

    /// <summary>Ended by an operator with a reason; the fault may still be present.</summary>
    Closed,
}

public static class AlarmTypes
{
    public static AlarmSeverity DefaultSeverity(this AlarmType type) => type switch
    {
        AlarmType.Offline => AlarmSeverity.Major,
        AlarmType.DiskAbnormal or AlarmType.DiskMissing or AlarmType.DiskFull => AlarmSeverity.Major,
        AlarmType.RecordingStopped or AlarmType.EncodingStopped or AlarmType.VideoLoss or AlarmType.HighTemperature => AlarmSeverity.Major,
        AlarmType.AuthenticationFailed or AlarmType.InterfaceDown or AlarmType.SnapshotInvalid => AlarmSeverity.Minor,
        AlarmType.RegistrationExpired or AlarmType.VideoAbnormal or AlarmType.FanFault or AlarmType.LowTemperature => AlarmSeverity.Minor,
        AlarmType.RecordingGap or AlarmType.RetentionShortfall => AlarmSeverity.Major,
        AlarmType.VideoQualityFault or AlarmType.FrameUnavailable => AlarmSeverity.Minor,
        _ => AlarmSeverity.Warning,
    };
}
