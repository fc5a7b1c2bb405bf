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
/// A fault of one device, open from its first sighting until the device recovers. The state changes only
/// through <see cref="Acknowledge"/>, <see cref="Resolve"/> and <see cref="Recur"/>, each appending an activity.
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

    public IReadOnlyList<AlarmActivity> Activities => _activities;

    public bool IsActive => State != AlarmState.Resolved;

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
        }

        return alarm;
    }

    /// <summary>Records another sighting of the same fault.</summary>
    public void Recur(DateTimeOffset at, string detail, OfflineCause? offlineCause = null)
    {
        if (!IsActive)
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

    /// <summary>Resolves the alarm because the fault is gone.</summary>
    public Result Resolve(DateTimeOffset at, string reason, string? user = null)
    {
        if (State == AlarmState.Resolved)
        {
            return Error.Conflict("alarm.state.resolved", Bilingual.Join(
                $"告警 {Id} 已恢复。", $"Alarm {Id} is already resolved."));
        }

        State = AlarmState.Resolved;
        ResolvedAt = at;
        Append(AlarmAction.Resolved, at, user, reason);
        return Result.Success();
    }

    /// <summary>Marks the alarm as caused by its offline parent device.</summary>
    public void AttributeToParent(long parentDeviceId, DateTimeOffset at)
    {
        if (CausedByDeviceId == parentDeviceId || !IsActive)
        {
            return;
        }

        CausedByDeviceId = parentDeviceId;
        Append(AlarmAction.AttributedToParent, at, null, $"parent device {parentDeviceId} is offline");
    }

    /// <summary>Clears the parent attribution when the parent recovered but this fault remains.</summary>
    public void DetachFromParent(DateTimeOffset at)
    {
        if (CausedByDeviceId is null || !IsActive)
        {
            return;
        }

        Append(AlarmAction.DetachedFromParent, at, null, $"parent device {CausedByDeviceId} recovered, fault remains");
        CausedByDeviceId = null;
    }

    private void Append(AlarmAction action, DateTimeOffset at, string? actor, string note) =>
        _activities.Add(new AlarmActivity { AlarmId = Id, Action = action, At = at, Actor = actor, Note = note });
}
