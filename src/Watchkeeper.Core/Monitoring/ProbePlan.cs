using Watchkeeper.Core.Devices;

namespace Watchkeeper.Core.Monitoring;

/// <summary>
/// Which probes run for each device kind by default, how often, and which of them decide reachability.
/// </summary>
public static class ProbePlan
{
    public const int MinIntervalSeconds = 10;
    public const int MaxIntervalSeconds = 86_400;

    /// <summary>Returns the probes a kind runs when neither its organization nor the device sets others.</summary>
    public static ProbeSet DefaultProbes(DeviceKind kind) => kind switch
    {
        DeviceKind.Camera => ProbeSet.Icmp | ProbeSet.Tcp | ProbeSet.Rtsp | ProbeSet.Onvif | ProbeSet.Snapshot | ProbeSet.HttpApi,
        DeviceKind.Channel => ProbeSet.Rtsp | ProbeSet.Snapshot,
        DeviceKind.Encoder => ProbeSet.Icmp | ProbeSet.Tcp | ProbeSet.Rtsp | ProbeSet.Onvif | ProbeSet.HttpApi,
        DeviceKind.Recorder => ProbeSet.Icmp | ProbeSet.Tcp | ProbeSet.HttpApi | ProbeSet.Onvif | ProbeSet.Rtsp,
        DeviceKind.Switch or DeviceKind.Server or DeviceKind.Storage => ProbeSet.Icmp | ProbeSet.Tcp | ProbeSet.Snmp | ProbeSet.Http,
        DeviceKind.AlarmInput => ProbeSet.None,
        _ => ProbeSet.None,
    };

    /// <summary>Returns the default round interval of a kind, in seconds.</summary>
    public static int DefaultIntervalSeconds(DeviceKind kind) => kind switch
    {
        DeviceKind.Switch or DeviceKind.Server or DeviceKind.Storage => 60,
        DeviceKind.Recorder => 60,
        _ => 60,
    };

    /// <summary>
    /// Returns the probes whose result decides Online versus Offline. For video devices these are the video
    /// services; ICMP and TCP only tell a network fault from a device fault. For switches, servers and storage
    /// they are ICMP, TCP and SNMP (and their web interface).
    /// </summary>
    public static ProbeSet ReachabilityProbes(DeviceKind kind) => kind.IsVideoDevice()
        ? ProbeSet.Rtsp | ProbeSet.Onvif | ProbeSet.Snapshot | ProbeSet.HttpApi | ProbeSet.Http | ProbeSet.Gb28181
        : ProbeSet.Icmp | ProbeSet.Tcp | ProbeSet.Snmp | ProbeSet.Http | ProbeSet.Gb28181;

    public static bool IsReachabilityProbe(DeviceKind kind, ProbeKind probe) => ReachabilityProbes(kind).Contains(probe);

    /// <summary>
    /// Returns the probe set of a device with a GB/T 28181 ID: the GB/T 28181 probe is added because it only reads
    /// what the device sends, unless the device's own probe set was chosen by hand.
    /// </summary>
    public static ProbeSet WithGb28181(ProbeSet probes, string? gbId, bool chosenForDevice) =>
        string.IsNullOrEmpty(gbId) || chosenForDevice ? probes : probes | ProbeSet.Gb28181;

    /// <summary>
    /// Returns the probe set of a camera or channel with a stream or snapshot URL: the diagnosis probe is added
    /// because it only reads the camera's latest diagnosis round, unless the device's own probe set was chosen by hand.
    /// </summary>
    public static ProbeSet WithDiagnosis(ProbeSet probes, DeviceKind kind, bool hasStreamOrSnapshot, bool chosenForDevice) =>
        kind is DeviceKind.Camera or DeviceKind.Channel && hasStreamOrSnapshot && !chosenForDevice ? probes | ProbeSet.Diagnosis : probes;

    /// <summary>
    /// Returns whether the probe only reads what the platform already stored (a SIP session, a diagnosis round, a
    /// recording check) instead of sending anything to the device.
    /// </summary>
    public static bool IsPassive(ProbeKind probe) => probe is ProbeKind.Gb28181 or ProbeKind.Diagnosis or ProbeKind.Recording;

    /// <summary>
    /// Returns the probe set of a recording channel: the recording probe is added because it only reads the stored
    /// daily checks, unless the device's own probe set was chosen by hand.
    /// </summary>
    public static ProbeSet WithRecording(ProbeSet probes, bool isRecordingChannel, bool chosenForDevice) =>
        !isRecordingChannel || chosenForDevice ? probes : probes | ProbeSet.Recording;

    /// <summary>
    /// Returns whether a failure of this probe is final at once. The GB/T 28181 probe reports a timeout only after
    /// the keepalive timer has already waited HeartBeatInterval × HeartBeatCount, so waiting more rounds would
    /// count the same silence twice.
    /// </summary>
    public static bool FailsAtOnce(ProbeKind probe) => probe == ProbeKind.Gb28181;
}
