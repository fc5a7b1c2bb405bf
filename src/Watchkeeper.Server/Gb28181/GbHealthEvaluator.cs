using System.Globalization;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Monitoring;

namespace Watchkeeper.Server.Gb28181;

/// <summary>
/// Turns a session's registration, keepalive, DeviceStatus, catalog status and reported alarms into the outcome
/// of the GB/T 28181 probe. Pure: the caller passes the time, so tests need no clock.
/// </summary>
public static class GbHealthEvaluator
{
    /// <summary>Decides what the registration and keepalive show at <paramref name="now"/>.</summary>
    /// <param name="platformStartedAt">Downtime of the platform is not held against a device: its deadlines count from here at the earliest.</param>
    public static GbLiveness Liveness(GbSession session, DateTimeOffset now, DateTimeOffset platformStartedAt)
    {
        if (session.IsUnregistered)
        {
            return GbLiveness.Unregistered;
        }

        if (session.RegisteredAt is not { } registeredAt)
        {
            return GbLiveness.Unknown;
        }

        var lastSign = Max(session.LastKeepaliveAt ?? registeredAt, registeredAt);
        var floor = session.StartGrace ? platformStartedAt : DateTimeOffset.MinValue;
        var keepaliveDeadline = Max(lastSign, floor) + session.HeartbeatWindow;
        var registrationValid = session.ExpiresAt is not { } expiresAt || Max(expiresAt, floor + session.HeartbeatWindow) > now;

        if (now <= keepaliveDeadline)
        {
            return GbLiveness.Alive;
        }

        return registrationValid ? GbLiveness.KeepaliveLapsed : GbLiveness.RegistrationExpired;
    }

    /// <summary>Evaluates a registering device (camera, recorder, encoder).</summary>
    public static ProbeOutcome EvaluateDevice(GbSession session, DateTimeOffset now, DateTimeOffset platformStartedAt, TimeSpan clockSkewThreshold)
    {
        var liveness = Liveness(session, now, platformStartedAt);
        if (liveness != GbLiveness.Alive)
        {
            return Failure(session, liveness, now);
        }

        var findings = new List<Finding>();
        var floor = session.StartGrace ? platformStartedAt : DateTimeOffset.MinValue;
        if (session.ExpiresAt is { } expiresAt && Max(expiresAt, floor + session.HeartbeatWindow) <= now)
        {
            findings.Add(new Finding(AlarmType.RegistrationExpired, "",
                $"registration expired at {Format(expiresAt)} without a refresh, while keepalives still arrive; check the device's registration period and SIP server settings"));
        }

        if (session.Status is { } status)
        {
            AddStatusFindings(findings, status, clockSkewThreshold);
        }

        AddReportedAlarms(findings, session, session.GbId, now);
        var detail = $"keepalive {Format(session.LastKeepaliveAt ?? session.RegisteredAt)}, registered until {Format(session.ExpiresAt)}";
        return ProbeOutcome.Reachable(ProbeKind.Gb28181, TimeSpan.Zero, detail, findings);
    }

    /// <summary>Evaluates a catalog item through its registering device: offline whenever that device is.</summary>
    public static ProbeOutcome EvaluateChannel(GbSession owner, GbChannelState channel, DateTimeOffset now, DateTimeOffset platformStartedAt)
    {
        if (channel.Removed)
        {
            return ProbeOutcome.Skipped(ProbeKind.Gb28181, ProbeReason.NotConfigured, $"{owner.GbId} removed {channel.ChannelGbId} from its catalog");
        }

        var liveness = Liveness(owner, now, platformStartedAt);
        if (liveness != GbLiveness.Alive)
        {
            var ownerFailure = Failure(owner, liveness, now);
            return ProbeOutcome.Unreachable(ProbeKind.Gb28181, ProbeReason.ParentOffline, $"device {owner.GbId}: {ownerFailure.Reason} {ownerFailure.Detail}");
        }

        var status = channel.Status.ToUpperInvariant();
        if (status is "OFF" or "OFFLINE")
        {
            return ProbeOutcome.Unreachable(ProbeKind.Gb28181, ProbeReason.ReportedOff, $"device {owner.GbId} reports channel {channel.ChannelGbId} as {channel.Status}");
        }

        var findings = new List<Finding>();
        if (status == "VLOST")
        {
            findings.Add(new Finding(AlarmType.VideoLoss, "", $"device {owner.GbId} reports video loss (VLOST) on channel {channel.ChannelGbId}"));
        }
        else if (status == "DEFECT")
        {
            findings.Add(new Finding(AlarmType.VideoAbnormal, "", $"device {owner.GbId} reports channel {channel.ChannelGbId} as defective (DEFECT)"));
        }

        AddReportedAlarms(findings, owner, channel.ChannelGbId, now);
        return ProbeOutcome.Reachable(ProbeKind.Gb28181, TimeSpan.Zero, $"device {owner.GbId} online, channel status {NonEmpty(channel.Status)}", findings);
    }

    private static ProbeOutcome Failure(GbSession session, GbLiveness liveness, DateTimeOffset now) => liveness switch
    {
        GbLiveness.Unregistered => ProbeOutcome.Unreachable(ProbeKind.Gb28181, ProbeReason.Unregistered,
            $"unregistered at {Format(session.UnregisteredAt)}"),
        GbLiveness.RegistrationExpired => ProbeOutcome.Unreachable(ProbeKind.Gb28181, ProbeReason.RegistrationExpired,
            $"registration expired at {Format(session.ExpiresAt)} without a refresh; last keepalive {Format(session.LastKeepaliveAt)}"),
        GbLiveness.KeepaliveLapsed => ProbeOutcome.Unreachable(ProbeKind.Gb28181, ProbeReason.KeepaliveTimeout,
            $"no keepalive for {(now - (session.LastKeepaliveAt ?? session.RegisteredAt ?? now)).TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (window {session.HeartbeatWindow.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s); last keepalive {Format(session.LastKeepaliveAt)}"),
        _ => ProbeOutcome.Unreachable(ProbeKind.Gb28181, ProbeReason.NotRegistered, "has not registered to the platform"),
    };

    private static void AddStatusFindings(List<Finding> findings, GbStatusSnapshot status, TimeSpan clockSkewThreshold)
    {
        if (status.Recording == false)
        {
            findings.Add(new Finding(AlarmType.RecordingStopped, "", $"DeviceStatus at {Format(status.ReceivedAt)} reports Record OFF"));
        }

        if (status.Encoding == false)
        {
            findings.Add(new Finding(AlarmType.EncodingStopped, "", $"DeviceStatus at {Format(status.ReceivedAt)} reports Encode OFF"));
        }

        if (status.ClockSkewSeconds is { } skew && Math.Abs(skew) > clockSkewThreshold.TotalSeconds)
        {
            var type = Math.Abs(skew) > TimeSpan.FromDays(365).TotalSeconds ? AlarmType.ClockInvalid : AlarmType.ClockSkew;
            findings.Add(new Finding(type, "",
                $"DeviceTime is {skew.ToString("+0;-0", CultureInfo.InvariantCulture)} s from the platform (threshold {clockSkewThreshold.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s); check the device's NTP and time zone"));
        }
    }

    private static void AddReportedAlarms(List<Finding> findings, GbSession session, string target, DateTimeOffset now)
    {
        if (!session.HasAlarms)
        {
            return;
        }

        foreach (var (key, alarm) in session.Alarms)
        {
            if (key.Target == target && alarm.Until > now)
            {
                findings.Add(new Finding(alarm.Type, alarm.Subject, alarm.Detail));
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static string NonEmpty(string text) => text.Length == 0 ? "(none)" : text;

    private static string Format(DateTimeOffset? at) =>
        at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "never";
}
