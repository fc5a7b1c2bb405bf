namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>Which alarms a rule matches; a list left out or empty matches every value.</summary>
public sealed record RuleMatchInput(IReadOnlyList<string>? Severities, long? OrganizationId, IReadOnlyList<string>? DeviceKinds,
    IReadOnlyList<string>? AlarmTypes);

/// <summary>Who a rule notifies: users by id, receiver groups by id, and whoever is on duty for the alarm's organization.</summary>
public sealed record RuleReceiversInput(IReadOnlyList<string>? UserIds, IReadOnlyList<long>? GroupIds, bool? DutyRoster);

/// <summary>A daily local time range, "HH:mm" each; the end may be before the start (across midnight).</summary>
public sealed record QuietHoursInput(string? Start, string? End);

/// <summary>
/// Creates or replaces a routing rule. TimeCondition is Always, BusinessHours or OutsideBusinessHours of CalendarId
/// (the default calendar when left out). GroupBy takes organization, device, alarmType, severity and incident.
/// </summary>
public sealed record NotificationRuleInput(
    string? Name,
    RuleMatchInput? Match,
    IReadOnlyList<long>? ChannelIds,
    RuleReceiversInput? Receivers,
    int? GroupWaitSeconds,
    int? GroupIntervalSeconds,
    int? RepeatIntervalSeconds,
    IReadOnlyList<string>? GroupBy,
    string? TimeCondition,
    long? CalendarId,
    QuietHoursInput? QuietHours,
    bool? Continue,
    int? Position,
    bool? Enabled,
    long? EscalationPolicyId);

public sealed record RuleMatchView(IReadOnlyList<string> Severities, long? OrganizationId, IReadOnlyList<string> DeviceKinds, IReadOnlyList<string> AlarmTypes);

public sealed record RuleReceiversView(IReadOnlyList<string> UserIds, IReadOnlyList<long> GroupIds, bool DutyRoster);

public sealed record NotificationRuleView(
    long Id,
    string Name,
    int Position,
    bool Enabled,
    RuleMatchView Match,
    IReadOnlyList<long> ChannelIds,
    RuleReceiversView Receivers,
    int GroupWaitSeconds,
    int GroupIntervalSeconds,
    int RepeatIntervalSeconds,
    IReadOnlyList<string> GroupBy,
    string TimeCondition,
    long? CalendarId,
    QuietHoursInput? QuietHours,
    bool Continue,
    long? EscalationPolicyId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record ReceiverGroupInput(string? Name, IReadOnlyList<string>? UserIds);

public sealed record ReceiverGroupView(long Id, string Name, IReadOnlyList<string> UserIds, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One escalation step: after AfterMinutes unacknowledged, tell these receivers; ChannelIds left out means the rule's channels.</summary>
public sealed record EscalationStepInput(int? AfterMinutes, IReadOnlyList<string>? UserIds, IReadOnlyList<long>? GroupIds, bool? DutyRosterLeader,
    IReadOnlyList<long>? ChannelIds);

public sealed record EscalationPolicyInput(string? Name, bool? UseWorkingTime, long? CalendarId, IReadOnlyList<EscalationStepInput>? Steps);

public sealed record EscalationPolicyView(long Id, string Name, bool UseWorkingTime, long? CalendarId, IReadOnlyList<EscalationStepInput> Steps,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
