using Watchkeeper.Core.Devices;

namespace Watchkeeper.Core.Monitoring;

/// <summary>A move of a device from one health state to another.</summary>
public sealed record HealthChange(long DeviceId, HealthState From, HealthState To, DateTimeOffset At, OfflineCause? Cause, string Reason);

/// <summary>
/// The health state machine of one device: it consumes probe rounds and decides Online, Degraded, Offline or
/// Unknown. Only its transition methods change the state.
/// </summary>
public sealed class DeviceHealth
{
    private DeviceHealth()
    {
    }

    public long DeviceId { get; private set; }

    public HealthState State { get; private set; }

    public DateTimeOffset StateSince { get; private set; }

    /// <summary>Why the device is in its state, for engineers, e.g. "RTSP: connection refused (127.0.10.3:8554)".</summary>
    public string StateReason { get; private set; } = "";

    public OfflineCause? OfflineCause { get; private set; }

    public int FailedRounds { get; private set; }

    public int SucceededRounds { get; private set; }

    public DateTimeOffset? LastRoundAt { get; private set; }

    /// <summary>
    /// The credential version that the device rejected with an ONVIF NotAuthorized fault. While it equals the
    /// device's current version, the ONVIF probe makes no authenticated call, so polling never locks the account.
    /// </summary>
    public int? OnvifBlockedCredentialVersion { get; private set; }

    public bool IsOnvifBlocked(int credentialVersion) => OnvifBlockedCredentialVersion == credentialVersion;

    public static DeviceHealth CreateUnknown(long deviceId, DateTimeOffset now) => new()
    {
        DeviceId = deviceId,
        State = HealthState.Unknown,
        StateSince = now,
        StateReason = "not yet probed",
    };

    /// <summary>Rebuilds a stored health record, for loading after a restart.</summary>
    public static DeviceHealth Restore(long deviceId, HealthState state, DateTimeOffset since, string reason, OfflineCause? cause,
        int failedRounds, int succeededRounds, DateTimeOffset? lastRoundAt, int? onvifBlockedCredentialVersion = null) => new()
    {
        OnvifBlockedCredentialVersion = onvifBlockedCredentialVersion,
        DeviceId = deviceId,
        State = state,
        StateSince = since,
        StateReason = reason,
        OfflineCause = cause,
        FailedRounds = failedRounds,
        SucceededRounds = succeededRounds,
        LastRoundAt = lastRoundAt,
    };

    /// <summary>Applies one probe round; returns the change of state, or null when the state stays.</summary>
    public HealthChange? ApplyRound(ProbeRound round, DeviceKind kind, HealthThresholds thresholds)
    {
        LastRoundAt = round.CompletedAt;
        if (round.Outcome(ProbeKind.Onvif)?.Facts.GetValueOrDefault(ProbeFacts.OnvifNotAuthorized) == "true")
        {
            OnvifBlockedCredentialVersion = round.CredentialVersion;
        }

        var reachability = round.Outcomes
            .Where(o => o.Status != ProbeStatus.Skipped && ProbePlan.IsReachabilityProbe(kind, o.Kind))
            .ToList();

        if (reachability.Count == 0)
        {
            FailedRounds = 0;
            SucceededRounds = 0;
            var skipped = string.Join("; ", round.Outcomes.Select(o => $"{o.Kind}: {o.Detail}"));
            return MoveTo(HealthState.Unknown, round.CompletedAt, null,
                skipped.Length == 0 ? "no reachability probe configured" : "no reachability probe could run: " + skipped);
        }

        var reachable = reachability.Where(o => o.Status == ProbeStatus.Reachable).ToList();
        if (reachable.Count > 0)
        {
            FailedRounds = 0;
            SucceededRounds++;
            var findings = round.Findings.ToList();
            var target = findings.Count > 0 ? HealthState.Degraded : HealthState.Online;
            var reason = findings.Count > 0
                ? string.Join("; ", findings.Select(f => $"{f.Type}: {f.Detail}"))
                : $"{string.Join(", ", reachable.Select(o => o.Kind))} answered";

            var wasDown = State is HealthState.Offline or HealthState.Unknown;
            if (wasDown && SucceededRounds < thresholds.OnlineAfterSucceededRounds)
            {
                return null;
            }

            return MoveTo(target, round.CompletedAt, null, reason);
        }

        SucceededRounds = 0;
        FailedRounds++;
        var failure = string.Join("; ", reachability.Select(o => $"{o.Kind}: {o.Reason} {o.Detail}".TrimEnd()));
        var required = reachability.Any(o => ProbePlan.FailsAtOnce(o.Kind)) ? 1 : thresholds.OfflineAfterFailedRounds;
        if (FailedRounds < required)
        {
            return null;
        }

        return MoveTo(HealthState.Offline, round.CompletedAt, DiagnoseOfflineCause(round), failure);
    }

    /// <summary>Pauses monitoring: the device becomes Unknown and its counters restart.</summary>
    public HealthChange? Pause(DateTimeOffset now)
    {
        FailedRounds = 0;
        SucceededRounds = 0;
        return MoveTo(HealthState.Unknown, now, null, "monitoring paused");
    }

    private HealthChange? MoveTo(HealthState target, DateTimeOffset at, OfflineCause? cause, string reason)
    {
        var previous = State;
        var previousCause = OfflineCause;
        StateReason = reason;
        OfflineCause = target == HealthState.Offline ? cause : null;
        if (previous == target && previousCause == OfflineCause)
        {
            return null;
        }

        if (previous != target)
        {
            State = target;
            StateSince = at;
        }

        return new HealthChange(DeviceId, previous, target, at, OfflineCause, reason);
    }

    /// <summary>
    /// Distinguishes a network fault (nothing at the address responds) from a device fault (the address
    /// responds, the services do not), using the ICMP and TCP probes of the round. A failed GB/T 28181 probe
    /// names its own cause: the keepalive or registration that lapsed.
    /// </summary>
    private static OfflineCause DiagnoseOfflineCause(ProbeRound round)
    {
        if (round.Outcome(ProbeKind.Gb28181) is { Status: ProbeStatus.Unreachable } gb && Gb28181Cause(gb.Reason) is { } gbCause)
        {
            return gbCause;
        }

        var icmp = round.Outcome(ProbeKind.Icmp);
        var tcp = round.Outcome(ProbeKind.Tcp);
        if (icmp?.Status == ProbeStatus.Reachable || tcp?.Status == ProbeStatus.Reachable)
        {
            return Monitoring.OfflineCause.DeviceFault;
        }

        // A refused connection means a host at the address sent a TCP reset: the network works.
        if (tcp is { Status: ProbeStatus.Unreachable, Reason: ProbeReason.ConnectionRefused })
        {
            return Monitoring.OfflineCause.DeviceFault;
        }

        if (icmp?.Status == ProbeStatus.Unreachable)
        {
            return Monitoring.OfflineCause.NetworkFault;
        }

        if (tcp is { Status: ProbeStatus.Unreachable, Reason: ProbeReason.Timeout or ProbeReason.HostUnreachable })
        {
            return Monitoring.OfflineCause.NetworkFault;
        }

        return Monitoring.OfflineCause.Undetermined;
    }

    private static OfflineCause? Gb28181Cause(ProbeReason reason) => reason switch
    {
        ProbeReason.KeepaliveTimeout => Monitoring.OfflineCause.KeepaliveTimeout,
        ProbeReason.RegistrationExpired => Monitoring.OfflineCause.RegistrationExpired,
        ProbeReason.Unregistered => Monitoring.OfflineCause.Unregistered,
        ProbeReason.NotRegistered => Monitoring.OfflineCause.NotRegistered,
        _ => null,
    };
}
