using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Monitoring;

/// <summary>The latest outcome of one probe kind for one device; one row per (device, probe kind).</summary>
public sealed class LatestProbeResult
{
    public long DeviceId { get; set; }

    public ProbeKind Kind { get; set; }

    public ProbeStatus Status { get; set; }

    public ProbeReason Reason { get; set; }

    public string Detail { get; set; } = "";

    public int LatencyMilliseconds { get; set; }

    /// <summary>Findings as "Type|Subject|Detail" lines.</summary>
    public string Findings { get; set; } = "";

    public DateTimeOffset CheckedAt { get; set; }
}

/// <summary>
/// An organization's override of the probe set and interval for one device kind. It applies to the
/// organization's whole subtree, unless a lower organization or the device itself overrides it again.
/// </summary>
public sealed class MonitoringPolicy
{
    public long Id { get; set; }

    public long OrganizationId { get; set; }

    public Watchkeeper.Core.Devices.DeviceKind Kind { get; set; }

    public int? IntervalSeconds { get; set; }

    public ProbeSet? Probes { get; set; }
}
