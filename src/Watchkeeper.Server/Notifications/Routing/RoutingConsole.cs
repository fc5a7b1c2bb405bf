using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Notifications;
using Watchkeeper.Server.Calendars;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>A choice in a console select: an id and what the user reads.</summary>
public sealed record LookupItem<TId>(TId Id, string Name);

/// <summary>The choices the rule editor offers: channels, enabled users, receiver groups, calendars and escalation policies.</summary>
public sealed record RoutingLookups(
    IReadOnlyList<LookupItem<long>> Channels,
    IReadOnlyList<LookupItem<string>> Users,
    IReadOnlyList<LookupItem<long>> Groups,
    IReadOnlyList<LookupItem<long>> Calendars,
    IReadOnlyList<LookupItem<long>> Policies);

public sealed class RoutingLookupService(WatchkeeperDbContext db)
{
    public async Task<RoutingLookups> LoadAsync(CancellationToken cancellationToken) => new(
        await db.NotificationChannels.AsNoTracking().OrderBy(c => c.Name).Select(c => new LookupItem<long>(c.Id, c.Name + " (" + c.Kind + ")")).ToListAsync(cancellationToken),
        await db.Users.AsNoTracking().Where(u => !u.IsDisabled).OrderBy(u => u.UserName)
            .Select(u => new LookupItem<string>(u.Id, (u.DisplayName ?? u.UserName) + " (" + u.UserName + ")")).ToListAsync(cancellationToken),
        await db.ReceiverGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => new LookupItem<long>(g.Id, g.Name)).ToListAsync(cancellationToken),
        await db.BusinessCalendars.AsNoTracking().OrderBy(c => c.Id).Select(c => new LookupItem<long>(c.Id, c.Name)).ToListAsync(cancellationToken),
        await db.EscalationPolicies.AsNoTracking().OrderBy(p => p.Name).Select(p => new LookupItem<long>(p.Id, p.Name)).ToListAsync(cancellationToken));
}

/// <summary>The rule editor's fields, bound by the console and turned into a <see cref="NotificationRuleInput"/>.</summary>
public sealed class RuleForm
{
    public long? Id { get; set; }

    public string Name { get; set; } = "";

    public int? Position { get; set; }

    public bool Enabled { get; set; } = true;

    public IReadOnlyCollection<AlarmSeverity> Severities { get; set; } = [];

    public long? OrganizationId { get; set; }

    public IReadOnlyCollection<DeviceKind> DeviceKinds { get; set; } = [];

    public IReadOnlyCollection<AlarmType> AlarmTypes { get; set; } = [];

    public IReadOnlyCollection<long> ChannelIds { get; set; } = [];

    public IReadOnlyCollection<string> UserIds { get; set; } = [];

    public IReadOnlyCollection<long> GroupIds { get; set; } = [];

    public bool DutyRoster { get; set; }

    public IReadOnlyCollection<AlarmGroupField> GroupBy { get; set; } = [];

    public int GroupWaitSeconds { get; set; } = 30;

    public int GroupIntervalSeconds { get; set; } = 300;

    public int RepeatIntervalSeconds { get; set; } = 14400;

    public RouteTimeCondition TimeCondition { get; set; }

    public long? CalendarId { get; set; }

    public string? QuietStart { get; set; }

    public string? QuietEnd { get; set; }

    public bool Continue { get; set; }

    public long? EscalationPolicyId { get; set; }

    public static RuleForm From(NotificationRuleView rule) => new()
    {
        Id = rule.Id,
        Name = rule.Name,
        Position = rule.Position,
        Enabled = rule.Enabled,
        Severities = rule.Match.Severities.Select(Enum.Parse<AlarmSeverity>).ToList(),
        OrganizationId = rule.Match.OrganizationId,
        DeviceKinds = rule.Match.DeviceKinds.Select(Enum.Parse<DeviceKind>).ToList(),
        AlarmTypes = rule.Match.AlarmTypes.Select(Enum.Parse<AlarmType>).ToList(),
        ChannelIds = rule.ChannelIds,
        UserIds = rule.Receivers.UserIds,
        GroupIds = rule.Receivers.GroupIds,
        DutyRoster = rule.Receivers.DutyRoster,
        GroupBy = rule.GroupBy.Select(g => Enum.Parse<AlarmGroupField>(g, ignoreCase: true)).ToList(),
        GroupWaitSeconds = rule.GroupWaitSeconds,
        GroupIntervalSeconds = rule.GroupIntervalSeconds,
        RepeatIntervalSeconds = rule.RepeatIntervalSeconds,
        TimeCondition = Enum.Parse<RouteTimeCondition>(rule.TimeCondition),
        CalendarId = rule.CalendarId,
        QuietStart = rule.QuietHours?.Start,
        QuietEnd = rule.QuietHours?.End,
        Continue = rule.Continue,
        EscalationPolicyId = rule.EscalationPolicyId,
    };

    public NotificationRuleInput ToInput() => new(
        Name,
        new RuleMatchInput([.. Severities.Select(s => s.ToString())], OrganizationId, [.. DeviceKinds.Select(k => k.ToString())],
            [.. AlarmTypes.Select(t => t.ToString())]),
        [.. ChannelIds],
        new RuleReceiversInput([.. UserIds], [.. GroupIds], DutyRoster),
        GroupWaitSeconds,
        GroupIntervalSeconds,
        RepeatIntervalSeconds,
        [.. GroupBy.Select(g => g.ToString())],
        TimeCondition.ToString(),
        CalendarId,
        string.IsNullOrWhiteSpace(QuietStart) && string.IsNullOrWhiteSpace(QuietEnd) ? null : new QuietHoursInput(QuietStart, QuietEnd),
        Continue,
        Position,
        Enabled,
        EscalationPolicyId);
}

/// <summary>The receiver group editor's fields.</summary>
public sealed class GroupForm
{
    public long? Id { get; set; }

    public string Name { get; set; } = "";

    public IReadOnlyCollection<string> UserIds { get; set; } = [];

    public static GroupForm From(ReceiverGroupView group) => new() { Id = group.Id, Name = group.Name, UserIds = group.UserIds };

    public ReceiverGroupInput ToInput() => new(Name, [.. UserIds]);
}

/// <summary>The escalation policy editor's fields.</summary>
public sealed class PolicyForm
{
    public long? Id { get; set; }

    public string Name { get; set; } = "";

    public bool UseWorkingTime { get; set; }

    public long? CalendarId { get; set; }

    public List<StepForm> Steps { get; set; } = [new()];

    public static PolicyForm From(EscalationPolicyView policy) => new()
    {
        Id = policy.Id,
        Name = policy.Name,
        UseWorkingTime = policy.UseWorkingTime,
        CalendarId = policy.CalendarId,
        Steps = [.. policy.Steps.Select(s => new StepForm
        {
            AfterMinutes = s.AfterMinutes ?? 0,
            UserIds = s.UserIds ?? [],
            GroupIds = s.GroupIds ?? [],
            DutyRosterLeader = s.DutyRosterLeader == true,
            ChannelIds = s.ChannelIds ?? [],
        })],
    };

    public EscalationPolicyInput ToInput() => new(Name, UseWorkingTime, CalendarId,
        [.. Steps.Select(s => new EscalationStepInput(s.AfterMinutes, [.. s.UserIds], [.. s.GroupIds], s.DutyRosterLeader, [.. s.ChannelIds]))]);
}

public sealed class StepForm
{
    public int AfterMinutes { get; set; } = 15;

    public IReadOnlyCollection<string> UserIds { get; set; } = [];

    public IReadOnlyCollection<long> GroupIds { get; set; } = [];

    public bool DutyRosterLeader { get; set; }

    public IReadOnlyCollection<long> ChannelIds { get; set; } = [];
}

/// <summary>The calendar editor's fields: working hours as "09:00-12:00, 13:00-18:00" per weekday, dates one per line.</summary>
public sealed class CalendarForm
{
    public static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public long? Id { get; set; }

    public string Name { get; set; } = "";

    public string TimeZone { get; set; } = "Asia/Shanghai";

    public Dictionary<DayOfWeek, string> Hours { get; set; } = Week.ToDictionary(d => d, _ => "");

    public string Holidays { get; set; } = "";

    public string MakeUpWorkingDays { get; set; } = "";

    public static CalendarForm From(CalendarView calendar) => new()
    {
        Id = calendar.Id,
        Name = calendar.Name,
        TimeZone = calendar.TimeZone,
        Hours = Week.ToDictionary(d => d, d => string.Join(", ", calendar.WorkingHours
            .Where(h => string.Equals(h.Day, d.ToString(), StringComparison.OrdinalIgnoreCase)).Select(h => $"{h.Start}-{h.End}"))),
        Holidays = string.Join('\n', calendar.Holidays),
        MakeUpWorkingDays = string.Join('\n', calendar.MakeUpWorkingDays),
    };

    /// <summary>Splits the text fields; a malformed period is passed on as typed, so that the API names it in its error.</summary>
    public CalendarInput ToInput()
    {
        var hours = new List<WorkingHoursInput>();
        foreach (var (day, text) in Hours)
        {
            foreach (var period in (text ?? "").Split([',', '，', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = period.Split(['-', '–'], 2, StringSplitOptions.TrimEntries);
                hours.Add(new WorkingHoursInput(day.ToString(), parts[0], parts.Length > 1 ? parts[1] : ""));
            }
        }

        return new CalendarInput(Name, TimeZone, hours, Lines(Holidays), Lines(MakeUpWorkingDays));
    }

    private static List<string> Lines(string text) =>
        [.. (text ?? "").Split(['\n', ',', ' ', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
