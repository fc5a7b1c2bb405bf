using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Calendars;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Notifications;

namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>
/// A routing rule: which alarms (match), when (time condition, quiet hours), to whom (receivers) and through which
/// channels, grouped how, and escalated by which policy. Rules are tried in <see cref="Position"/> order; the first
/// match ends the search unless it says <see cref="Continue"/>.
/// </summary>
public sealed class NotificationRule
{
    public const int MaxNameLength = 100;

    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Where the rule sits in the order in which rules are tried; lower first.</summary>
    public int Position { get; set; }

    public bool Enabled { get; set; } = true;

    public List<AlarmSeverity> Severities { get; set; } = [];

    /// <summary>Matches alarms of this organization and of its descendants; null matches every organization.</summary>
    public long? OrganizationId { get; set; }

    public List<DeviceKind> DeviceKinds { get; set; } = [];

    public List<AlarmType> AlarmTypes { get; set; } = [];

    public List<long> ChannelIds { get; set; } = [];

    public List<string> UserIds { get; set; } = [];

    /// <summary>Receiver groups (named sets of users) the rule notifies.</summary>
    public List<long> GroupIds { get; set; } = [];

    /// <summary>Whether whoever is on duty for the alarm's organization at the moment of sending is notified.</summary>
    public bool DutyRoster { get; set; }

    public RouteTimeCondition TimeCondition { get; set; }

    /// <summary>The calendar of the time condition and of quiet hours; null means the default calendar.</summary>
    public long? CalendarId { get; set; }

    /// <summary>Start of the daily quiet hours (local time of the calendar), in which only critical alarms are sent.</summary>
    public TimeOnly? QuietHoursStart { get; set; }

    public TimeOnly? QuietHoursEnd { get; set; }

    public List<AlarmGroupField> GroupBy { get; set; } = [];

    public int GroupWaitSeconds { get; set; } = 30;

    public int GroupIntervalSeconds { get; set; } = 300;

    public int RepeatIntervalSeconds { get; set; } = 14400;

    /// <summary>Whether rules after this one are tried as well when it matches.</summary>
    public bool Continue { get; set; }

    public long? EscalationPolicyId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public AlarmRouteMatch Match => new(Severities, OrganizationId, DeviceKinds, AlarmTypes);

    public GroupTiming Timing => new(TimeSpan.FromSeconds(GroupWaitSeconds), TimeSpan.FromSeconds(GroupIntervalSeconds),
        TimeSpan.FromSeconds(RepeatIntervalSeconds));

    public DailyTimeRange? QuietHours => QuietHoursStart is { } start && QuietHoursEnd is { } end ? new DailyTimeRange(start, end) : null;
}

/// <summary>A named set of users that rules and escalation steps notify together, such as 运维一组.</summary>
public sealed class ReceiverGroup
{
    public const int MaxNameLength = 100;

    public long Id { get; set; }

    public required string Name { get; set; }

    public List<string> UserIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Steps that tell more people about an alarm that nobody acknowledges, attached to routing rules.</summary>
public sealed class EscalationPolicy
{
    public const int MaxNameLength = 100;

    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Whether the steps' minutes are working minutes of <see cref="CalendarId"/> (null: the default calendar).</summary>
    public bool UseWorkingTime { get; set; }

    public long? CalendarId { get; set; }

    public List<EscalationStep> Steps { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// The dispatcher's group of alarms for one rule, channel and group key, with its due time stored so that a restarted
/// server sends what was due.
/// </summary>
public sealed class NotificationGroup
{
    public long Id { get; set; }

    public long RuleId { get; set; }

    public long ChannelId { get; set; }

    public required string GroupKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the group next sends or checks its alarms; null while it has nothing to do.</summary>
    public DateTimeOffset? DueAt { get; set; }

    public DateTimeOffset? LastSentAt { get; set; }

    public List<NotificationGroupAlarm> Alarms { get; set; } = [];
}

/// <summary>An alarm in a notification group; <see cref="NotifiedAt"/> is set once a message of the group reported it.</summary>
public sealed class NotificationGroupAlarm
{
    public long GroupId { get; set; }

    public long AlarmId { get; set; }

    public DateTimeOffset JoinedAt { get; set; }

    public DateTimeOffset? NotifiedAt { get; set; }
}

/// <summary>
/// How far the dispatcher has routed an alarm: whether it joined its groups, whether its resolved notice went out,
/// and its escalation's next step and due time.
/// </summary>
public sealed class AlarmRoutingState
{
    public long AlarmId { get; set; }

    /// <summary>When the alarm joined its notification groups; null while it waits (suppressed or flapping).</summary>
    public DateTimeOffset? FiringRoutedAt { get; set; }

    /// <summary>When the resolved notices went out (or were found unnecessary); reset when the alarm reopens.</summary>
    public DateTimeOffset? ResolvedRoutedAt { get; set; }

    public long? EscalationRuleId { get; set; }

    public long? EscalationPolicyId { get; set; }

    public DateTimeOffset? EscalationStartedAt { get; set; }

    /// <summary>The 1-based escalation step that fires next.</summary>
    public int NextEscalationStep { get; set; }

    public DateTimeOffset? NextEscalationAt { get; set; }
}
