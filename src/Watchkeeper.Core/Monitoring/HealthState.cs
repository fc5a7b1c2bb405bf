namespace Watchkeeper.Core.Monitoring;

public enum HealthState
{
    /// <summary>Not yet probed, monitoring paused, or no reachability probe could run.</summary>
    Unknown,

    Online,

    /// <summary>Reachable, with at least one finding (authentication failed, clock skew, disk abnormal, ...).</summary>
    Degraded,

    Offline,
}

/// <summary>Why a device is offline: from the ICMP and TCP probes, or from what the GB/T 28181 registration shows.</summary>
public enum OfflineCause
{
    /// <summary>Neither ICMP nor TCP could tell (both unavailable or not configured).</summary>
    Undetermined,

    /// <summary>Nothing at the address responds: a link, switch or power fault.</summary>
    NetworkFault,

    /// <summary>The address responds (ping or a TCP port), but the device's services do not.</summary>
    DeviceFault,

    /// <summary>GB/T 28181 keepalives stopped arriving.</summary>
    KeepaliveTimeout,

    /// <summary>The GB/T 28181 registration expired without a refresh.</summary>
    RegistrationExpired,

    /// <summary>The device unregistered from the platform.</summary>
    Unregistered,

    /// <summary>The device has never registered to the platform.</summary>
    NotRegistered,
}

public static class HealthStates
{
    /// <summary>Online and Degraded count as online time in the online rate (在线率).</summary>
    public static bool CountsAsOnline(this HealthState state) => state is HealthState.Online or HealthState.Degraded;

    /// <summary>Unknown time is left out of both sides of the online rate.</summary>
    public static bool IsMonitored(this HealthState state) => state is not HealthState.Unknown;
}
