using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Core.Alarms;

public enum AlarmAction
{
    Opened,
    Acknowledged,
    Resolved,
    AttributedToParent,
    DetachedFromParent,

    /// <summary>An operator closed the alarm with a reason.</summary>
    Closed,

    /// <summary>Another sighting after the alarm was resolved within the flapping period reopened it.</summary>
    Reopened,
    Suppressed,
    Unsuppressed,
    FlappingStarted,
    FlappingStopped,
    SeverityChanged,
    Linked,
    Unlinked,
    JoinedIncident,

    /// <summary>A notification about the alarm was queued for a receiver.</summary>
    Notified,

    /// <summary>An escalation step fired because the alarm was not acknowledged in time.</summary>
    Escalated,
}

/// <summary>Why an alarm is not notified although it is recorded and shown.</summary>
public enum AlarmSuppression
{
    /// <summary>The alarm falls inside a maintenance window.</summary>
    MaintenanceWindow,

    /// <summary>An operator silenced alarms matching it.</summary>
    Silence,

    /// <summary>A parent device's outage explains it: it is a consequence, notified through the root alarm.</summary>
    RootCause,
}

/// <summary>An entry in an alarm's history.</summary>
public sealed class AlarmActivity
{
    public long Id { get; set; }

    public long AlarmId { get; set; }

    public AlarmAction Action { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The user who acted, or null for the platform.</summary>
    public string? Actor { get; set; }

    public string Note { get; set; } = "";
}

/// <summary>
/// A fault of one device, open from its first sighting until the device recovers. The state and flags change
/// only through the methods below, each appending an activity.
/// </summary>
public sealed class Alarm
{
    private readonly List<AlarmActivity> _activities = [];

    private Alarm()
    {
    }

    public long Id { get; private set; }

    public long DeviceId { get; private set; }

    public AlarmType Type { get; private set; }

    /// <summary>What inside the device is at fault (a disk, a port); empty for the device itself.</summary>
    public string Subject { get; private set; } = "";

    public AlarmSeverity Severity { get; private set; }

    public AlarmState State { get; private set; }

    /// <summary>Technical detail of the latest sighting.</summary>
    public string Detail { get; private set; } = "";

    /// <summary>For Offline alarms: network fault or device fault.</summary>
    public OfflineCause? OfflineCause { get; private set; }

    /// <summary>The probe that reported the fault; its next clean result resolves the alarm.</summary>
    public ProbeKind? SourceProbe { get; private set; }

    public DateTimeOffset FirstSeenAt { get; private set; }

    public DateTimeOffset LastSeenAt { get; private set; }

    /// <summary>How many rounds saw the fault while the alarm was open.</summary>
    public int OccurrenceCount { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>
    /// The parent device (switch, recorder, encoder) whose outage explains this alarm. Such an alarm is
    /// shown under its parent's and is not notified on its own.
    /// </summary>
    public long? CausedByDeviceId { get; private set; }

    /// <summary>Set while the alarm is recorded and shown but not notified; see <see cref="SuppressionReason"/>.</summary>
    public AlarmSuppression? Suppression { get; private set; }

    /// <summary>Names the window, silence or parent device that suppresses the alarm.</summary>
    public string SuppressionReason { get; private set; } = "";

    /// <summary>Whether the alarm opens and closes too often; its notifications are held until it settles.</summary>
    public bool IsFlapping { get; private set; }

    /// <summary>
    /// While the alarm is flapping: when it counts as settled if it neither reopens nor resolves before then.
    /// Stored so that the settle check survives a restart.
    /// </summary>
    public DateTimeOffset? FlappingSettlesAt { get; private set; }

    /// <summary>The grouped incident (a site outage, or alarms linked by hand) the alarm belongs to.</summary>
    public long? IncidentId { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? ClosedBy { get; private set; }

    public string? CloseReason { get; private set; }

    /// <summary>The last escalation step that fired; 0 while none has.</summary>
    public int EscalationStep { get; private set; }

    public IReadOnlyList<AlarmActivity> Activities => _activities;

    /// <summary>Open or acknowledged: the alarm still needs attention.</summary>
    public bool IsActive => State is AlarmState.Open or AlarmState.Acknowledged;

    /// <summary>
    /// The fault itself has not cleared. A closed alarm keeps its fault until the device recovers, so that the
    /// same fault does not open a new alarm the next round.
    /// </summary>
    public bool IsFaultPresent => ResolvedAt is null;

    /// <summary>De-duplication key: one alarm per device, alarm type and subject while its fault is present.</summary>
    public string Fingerprint => FingerprintOf(DeviceId, Type, Subject);

    public static string FingerprintOf(long deviceId, AlarmType type, string subject) => $"{deviceId}:{type}:{subject}";

    public static Alarm Open(long deviceId, AlarmType type, string subject, string detail, DateTimeOffset at,
        ProbeKind? sourceProbe = null, OfflineCause? offlineCause = null, long? causedByDeviceId = null)
    {
        var alarm = new Alarm
        {
            DeviceId = deviceId,
            Type = type,
            Subject = subject,
            Severity = type.DefaultSeverity(),
            State = AlarmState.Open,
            Detail = detail,
            SourceProbe = sourceProbe,
            OfflineCause = offlineCause,
            FirstSeenAt = at,
            LastSeenAt = at,
            OccurrenceCount = 1,
            CausedByDeviceId = causedByDeviceId,
        };
        alarm.Append(AlarmAction.Opened, at, null, detail);
        if (causedByDeviceId is { } parent)
        {
            alarm.Append(AlarmAction.AttributedToParent, at, null, $"parent device {parent} is offline");
            alarm.Suppress(AlarmSuppression.RootCause, $"parent device {parent} is offline", at);
        }

        return alarm;
    }

    /// <summary>Records another sighting of the same fault.</summary>
    public void Recur(DateTimeOffset at, string detail, OfflineCause? offlineCause = null)
    {
        if (!IsFaultPresent)
        {
            throw new InvalidOperationException($"Alarm {Id} is resolved; open a new alarm instead of recurring it.");
        }

        LastSeenAt = at;
        OccurrenceCount++;
        Detail = detail;
        if (offlineCause is not null)
        {
            OfflineCause = offlineCause;
        }
    }

    /// <summary>
    /// Reopens a resolved alarm because its fault came back, instead of opening a new alarm for the same fingerprint.
    /// A flapping alarm's settle time moves on; when the alarm reopened often enough within the period it starts flapping.
    /// </summary>
    public void Reopen(DateTimeOffset at, string detail, FlappingPolicy flapping, OfflineCause? offlineCause = null)
    {
        if (IsFaultPresent || State == AlarmState.Closed)
        {
            throw new InvalidOperationException($"Alarm {Id} is {State}; only a resolved alarm can be reopened.");
        }

        State = AlarmState.Open;
        ResolvedAt = null;
        AcknowledgedAt = null;
        AcknowledgedBy = null;
        LastSeenAt = at;
        OccurrenceCount++;
        Detail = detail;
        if (offlineCause is not null)
        {
            OfflineCause = offlineCause;
        }

        Append(AlarmAction.Reopened, at, null, detail);

        var reopenings = _activities.Count(a => a.Action == AlarmAction.Reopened && a.At > at - flapping.Period);
        if (IsFlapping)
        {
            FlappingSettlesAt = at + flapping.Settle;
        }
        else if (reopenings >= flapping.Transitions)
        {
            StartFlapping(at, $"reopened {reopenings} times within {flapping.Period.TotalMinutes:0} min");
            FlappingSettlesAt = at + flapping.Settle;
        }
    }

    /// <summary>Ends flapping when the settle time passed without the alarm reopening or resolving.</summary>
    public void SettleFlapping(DateTimeOffset at)
    {
        if (!IsFlapping || FlappingSettlesAt is not { } due || due > at)
        {
            return;
        }

        StopFlapping(at, $"settled: neither reopened nor resolved before {due:u}");
    }

    public Result Acknowledge(string user, DateTimeOffset at, string? note = null)
    {
        if (State != AlarmState.Open)
        {
            return Error.Conflict("alarm.state.not_open", Bilingual.Join(
                $"告警 {Id} 当前状态为 {State}，只有未确认的告警可以确认。",
                $"Alarm {Id} is {State}; only an open alarm can be acknowledged."));
        }

        State = AlarmState.Acknowledged;
        AcknowledgedAt = at;
        AcknowledgedBy = user;
        Append(AlarmAction.Acknowledged, at, user, note ?? "");
        return Result.Success();
    }

    /// <summary>
    /// Resolves the alarm because the fault is gone. A closed alarm stays closed and only records that its fault cleared.
    /// </summary>
    public Result Resolve(DateTimeOffset at, string reason, string? user = null)
    {
        if (!IsFaultPresent)
        {
            return Error.Conflict("alarm.state.resolved", Bilingual.Join(
                $"告警 {Id} 已恢复。", $"Alarm {Id} is already resolved."));
        }

        if (State != AlarmState.Closed)
        {
            State = AlarmState.Resolved;
        }

        ResolvedAt = at;
        Append(AlarmAction.Resolved, at, user, reason);
        return Result.Success();
    }

    /// <summary>Resolves the alarm and, while it flaps, moves its settle time on: a resolution is a transition too.</summary>
    public Result Resolve(DateTimeOffset at, string reason, FlappingPolicy flapping)
    {
        var result = Resolve(at, reason);
        if (result.IsSuccess && IsFlapping)
        {
            FlappingSettlesAt = at + flapping.Settle;
        }

        return result;
    }

    /// <summary>An operator ends the alarm although its fault may remain (a known fault, a false alarm, a device being replaced).</summary>
    public Result Close(string user, DateTimeOffset at, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Error.Validation("alarm.close.reason_required", Bilingual.Join(
                "关闭告警须填写原因。", "Closing an alarm needs a reason."), "reason");
        }

        if (!IsActive)
        {
            return Error.Conflict("alarm.state.not_active", Bilingual.Join(
                $"告警 {Id} 当前状态为 {State}，只有未确认或已确认的告警可以关闭。",
                $"Alarm {Id} is {State}; only an open or acknowledged alarm can be closed."));
        }

        State = AlarmState.Closed;
        ClosedAt = at;
        ClosedBy = user;
        CloseReason = reason.Trim();
        Append(AlarmAction.Closed, at, user, CloseReason);
        return Result.Success();
    }

    /// <summary>Flags the alarm as not to be notified, replacing any earlier suppression and its reason.</summary>
    public void Suppress(AlarmSuppression kind, string reason, DateTimeOffset at)
    {
        if (Suppression == kind && SuppressionReason == reason)
        {
            return;
        }

        Suppression = kind;
        SuppressionReason = reason;
        Append(AlarmAction.Suppressed, at, null, $"{kind}: {reason}");
    }

    /// <summary>Clears the suppression flag: the window ended, the silence expired or was removed, the parent recovered.</summary>
    public void Unsuppress(DateTimeOffset at, string note)
    {
        if (Suppression is null)
        {
            return;
        }

        Append(AlarmAction.Unsuppressed, at, null, $"{Suppression}: {note}");
        Suppression = null;
        SuppressionReason = "";
    }

    public void StartFlapping(DateTimeOffset at, string note)
    {
        if (IsFlapping)
        {
            return;
        }

        IsFlapping = true;
        Append(AlarmAction.FlappingStarted, at, null, note);
    }

    public void StopFlapping(DateTimeOffset at, string note)
    {
        if (!IsFlapping)
        {
            return;
        }

        IsFlapping = false;
        FlappingSettlesAt = null;
        Append(AlarmAction.FlappingStopped, at, null, note);
    }

    /// <summary>Sets the severity from a rule that overrides the alarm type's default.</summary>
    public void ChangeSeverity(AlarmSeverity severity, DateTimeOffset at, string because)
    {
        if (Severity == severity)
        {
            return;
        }

        Append(AlarmAction.SeverityChanged, at, null, $"{Severity} → {severity}: {because}");
        Severity = severity;
    }

    public void JoinIncident(long incidentId, DateTimeOffset at, string note)
    {
        if (IncidentId == incidentId)
        {
            return;
        }

        IncidentId = incidentId;
        Append(AlarmAction.JoinedIncident, at, null, note);
    }

    /// <summary>Records in the history that an operator linked (or unlinked) another alarm to this one.</summary>
    public void RecordLink(long otherAlarmId, bool linked, string user, DateTimeOffset at, string? note)
    {
        var text = string.IsNullOrWhiteSpace(note) ? $"alarm {otherAlarmId}" : $"alarm {otherAlarmId}: {note.Trim()}";
        Append(linked ? AlarmAction.Linked : AlarmAction.Unlinked, at, user, text);
    }

    /// <summary>Records that a notification about the alarm was queued, naming the receiver and channel.</summary>
    public void RecordNotified(DateTimeOffset at, string note) => Append(AlarmAction.Notified, at, null, note);

    /// <summary>Records an escalation step that fired; steps only move forward.</summary>
    public void RecordEscalation(int step, DateTimeOffset at, string note)
    {
        if (step <= EscalationStep)
        {
            return;
        }

        EscalationStep = step;
        Append(AlarmAction.Escalated, at, null, note);
    }

    /// <summary>Marks the alarm as caused by its offline parent device.</summary>
    public void AttributeToParent(long parentDeviceId, DateTimeOffset at)
    {
        if (CausedByDeviceId == parentDeviceId || !IsFaultPresent)
        {
            return;
        }

        CausedByDeviceId = parentDeviceId;
        Append(AlarmAction.AttributedToParent, at, null, $"parent device {parentDeviceId} is offline");
        if (Suppression is null or AlarmSuppression.RootCause)
        {
            Suppress(AlarmSuppression.RootCause, $"parent device {parentDeviceId} is offline", at);
        }
    }

    /// <summary>Clears the parent attribution when the parent recovered but this fault remains.</summary>
    public void DetachFromParent(DateTimeOffset at)
    {
        if (CausedByDeviceId is null || !IsFaultPresent)
        {
            return;
        }

        Append(AlarmAction.DetachedFromParent, at, null, $"parent device {CausedByDeviceId} recovered, fault remains");
        if (Suppression == AlarmSuppression.RootCause)
        {
            Unsuppress(at, $"parent device {CausedByDeviceId} recovered");
        }

        CausedByDeviceId = null;
    }

    private void Append(AlarmAction action, DateTimeOffset at, string? actor, string note) =>
        _activities.Add(new AlarmActivity { AlarmId = Id, Action = action, At = at, Actor = actor, Note = note });
}
