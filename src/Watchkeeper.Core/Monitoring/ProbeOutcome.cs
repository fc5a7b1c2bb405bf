using Watchkeeper.Core.Alarms;

namespace Watchkeeper.Core.Monitoring;

public enum ProbeStatus
{
    /// <summary>The device responded in the probe's protocol (possibly with a finding such as a rejected password).</summary>
    Reachable,

    /// <summary>The device did not respond, or responded with something that is not the protocol.</summary>
    Unreachable,

    /// <summary>The probe could not judge: not configured for this device, or not permitted on this host.</summary>
    Skipped,
}

/// <summary>Why a probe failed or was skipped; the console renders each in the user's language.</summary>
public enum ProbeReason
{
    None,
    Timeout,
    ConnectionRefused,
    HostUnreachable,
    NameResolutionFailed,
    ConnectionReset,
    ProtocolError,
    ResponseTooLarge,
    UnexpectedStatus,
    TlsFailed,
    AuthenticationFailed,
    NotConfigured,
    NotPermitted,
    Blocked,

    /// <summary>No GB/T 28181 keepalive arrived for the heartbeat interval times the heartbeat count.</summary>
    KeepaliveTimeout,

    /// <summary>The GB/T 28181 registration expired without a refresh.</summary>
    RegistrationExpired,

    /// <summary>The device unregistered (REGISTER with Expires: 0).</summary>
    Unregistered,

    /// <summary>The device has a GB/T 28181 ID but has not registered to the platform.</summary>
    NotRegistered,

    /// <summary>The device this one reports through (a recorder for its channels) is offline.</summary>
    ParentOffline,

    /// <summary>The device itself reports this part as off (a catalog channel with Status OFF).</summary>
    ReportedOff,
}

/// <summary>A fault seen on a reachable device; each one opens its own alarm.</summary>
/// <param name="Type">The alarm type the finding opens.</param>
/// <param name="Subject">What inside the device is at fault (a disk, a port), empty for the device itself.</param>
/// <param name="Detail">Technical detail for engineers, e.g. "HDD 2 status: error".</param>
public sealed record Finding(AlarmType Type, string Subject, string Detail);

/// <summary>The result of one probe of one device.</summary>
public sealed record ProbeOutcome
{
    public required ProbeKind Kind { get; init; }

    public required ProbeStatus Status { get; init; }

    public ProbeReason Reason { get; init; }

    /// <summary>Technical detail (endpoint, status line, element name) that lets an engineer act.</summary>
    public string Detail { get; init; } = "";

    public TimeSpan Latency { get; init; }

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>What the probe learned about the device, keyed by <see cref="ProbeFacts"/> names.</summary>
    public IReadOnlyDictionary<string, string> Facts { get; init; } = EmptyFacts;

    private static readonly IReadOnlyDictionary<string, string> EmptyFacts = new Dictionary<string, string>();

    public static ProbeOutcome Reachable(ProbeKind kind, TimeSpan latency, string detail = "", IReadOnlyList<Finding>? findings = null) =>
        new() { Kind = kind, Status = ProbeStatus.Reachable, Latency = latency, Detail = detail, Findings = findings ?? [] };

    public static ProbeOutcome Unreachable(ProbeKind kind, ProbeReason reason, string detail, TimeSpan latency = default) =>
        new() { Kind = kind, Status = ProbeStatus.Unreachable, Reason = reason, Detail = detail, Latency = latency };

    public static ProbeOutcome Skipped(ProbeKind kind, ProbeReason reason, string detail) =>
        new() { Kind = kind, Status = ProbeStatus.Skipped, Reason = reason, Detail = detail };
}

/// <summary>Names of the facts a probe may report.</summary>
public static class ProbeFacts
{
    /// <summary>Device clock minus platform clock, in whole seconds.</summary>
    public const string ClockSkewSeconds = "clockSkewSeconds";

    public const string Manufacturer = "manufacturer";
    public const string Model = "model";
    public const string FirmwareVersion = "firmwareVersion";
    public const string SerialNumber = "serialNumber";

    /// <summary>An RTSP URL found through the ONVIF media service.</summary>
    public const string DiscoveredRtspUrl = "discoveredRtspUrl";

    /// <summary>A snapshot URL found through the ONVIF media service.</summary>
    public const string DiscoveredSnapshotUrl = "discoveredSnapshotUrl";

    /// <summary>Set to "true" when the device rejected the credentials with an ONVIF NotAuthorized fault.</summary>
    public const string OnvifNotAuthorized = "onvifNotAuthorized";

    public const string SysUpTimeSeconds = "sysUpTimeSeconds";

    public const string ImageWidth = "imageWidth";
    public const string ImageHeight = "imageHeight";

    /// <summary>The encoding of the first video stream an RTSP DESCRIBE announces, e.g. "H264" or "H265".</summary>
    public const string VideoCodec = "videoCodec";

    /// <summary>The encoding of the first audio stream an RTSP DESCRIBE announces, e.g. "PCMA".</summary>
    public const string AudioCodec = "audioCodec";
}
