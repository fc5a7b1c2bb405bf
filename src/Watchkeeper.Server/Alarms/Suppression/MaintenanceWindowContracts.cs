using System.Globalization;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;

namespace Watchkeeper.Server.Alarms.Suppression;

/// <summary>
/// How a window repeats: <c>{"kind": "Weekly", "daysOfWeek": ["Monday"], "startTime": "02:00", "durationMinutes": 120}</c>
/// or <c>{"kind": "Cron", "expression": "0 2 * * 0", "durationMinutes": 60}</c>. Local times are in the window's time zone.
/// </summary>
public sealed record RecurrenceInput(
    MaintenanceRecurrenceKind? Kind,
    IReadOnlyList<DayOfWeek>? DaysOfWeek,
    string? StartTime,
    string? Expression,
    int? DurationMinutes);

/// <summary>
/// The body of POST and PUT /api/v1/maintenance-windows. A null recurrence is a one-off window from start to end;
/// a recurring window is in force in its occurrences between start and end. PUT replaces every field.
/// </summary>
public sealed record MaintenanceWindowInput(
    string? Name,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    RecurrenceInput? Recurrence,
    string? TimeZone,
    IReadOnlyList<long>? OrganizationIds,
    IReadOnlyList<long>? DeviceIds,
    IReadOnlyList<DeviceKind>? DeviceKinds,
    IReadOnlyList<AlarmType>? AlarmTypes,
    string? Reason);

public sealed record RecurrenceView(MaintenanceRecurrenceKind Kind, IReadOnlyList<DayOfWeek> DaysOfWeek, string? StartTime, string? Expression, int DurationMinutes);

public sealed record OccurrenceView(DateTimeOffset Start, DateTimeOffset End);

public sealed record MaintenanceWindowView(
    long Id,
    string Name,
    DateTimeOffset Start,
    DateTimeOffset End,
    RecurrenceView? Recurrence,
    string TimeZone,
    IReadOnlyList<long> OrganizationIds,
    IReadOnlyList<long> DeviceIds,
    IReadOnlyList<DeviceKind> DeviceKinds,
    IReadOnlyList<AlarmType> AlarmTypes,
    string Reason,
    string? Owner,
    SuppressionState State,
    OccurrenceView? CurrentOccurrence,
    OccurrenceView? NextOccurrence,
    bool CanEdit,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string UpdatedBy,
    DateTimeOffset UpdatedAt);

/// <summary>Turns stored windows into schedules and views.</summary>
public static class MaintenanceWindows
{
    /// <summary>The longest occurrence, in minutes: a week.</summary>
    public static readonly int MaxDurationMinutes = (int)MaintenanceRecurrence.MaxDuration.TotalMinutes;

    public const string TimeFormat = "HH:mm";

    public static MaintenanceRecurrence? RecurrenceOf(MaintenanceWindow window) => window.RecurrenceKind switch
    {
        MaintenanceRecurrenceKind.Weekly => MaintenanceRecurrence.Weekly(
            SuppressionLists.ParseEnums<DayOfWeek>(window.DaysOfWeek), window.StartTime ?? TimeOnly.MinValue, TimeSpan.FromMinutes(window.DurationMinutes ?? 0)),
        MaintenanceRecurrenceKind.Cron => MaintenanceRecurrence.Cron(window.CronExpression ?? "", TimeSpan.FromMinutes(window.DurationMinutes ?? 0)),
        _ => null,
    };

    /// <summary>Returns the window's schedule; a zone no longer known on this machine reads as UTC.</summary>
    public static MaintenanceSchedule ScheduleOf(MaintenanceWindow window) =>
        new(window.StartAt, window.EndAt, RecurrenceOf(window), Core.Recording.LocalDay.FindZone(window.TimeZone) ?? TimeZoneInfo.Utc);

    public static SuppressionState StateOf(MaintenanceSchedule schedule, DateTimeOffset at) =>
        schedule.IsActiveAt(at) ? SuppressionState.Active
        : schedule.NextOccurrenceAfter(at) is not null ? SuppressionState.Scheduled
        : SuppressionState.Expired;

    public static MaintenanceWindowView ViewOf(MaintenanceWindow window, DateTimeOffset at, bool canEdit)
    {
        var schedule = ScheduleOf(window);
        var current = schedule.OccurrenceAt(at);
        var next = schedule.NextOccurrenceAfter(at);
        var recurrence = window.RecurrenceKind is { } kind
            ? new RecurrenceView(kind, SuppressionLists.ParseEnums<DayOfWeek>(window.DaysOfWeek),
                window.StartTime?.ToString(TimeFormat, CultureInfo.InvariantCulture), window.CronExpression, window.DurationMinutes ?? 0)
            : null;
        return new MaintenanceWindowView(window.Id, window.Name, window.StartAt, window.EndAt, recurrence, window.TimeZone,
            SuppressionLists.ParseIds(window.OrganizationIds), SuppressionLists.ParseIds(window.DeviceIds),
            SuppressionLists.ParseEnums<DeviceKind>(window.DeviceKinds), SuppressionLists.ParseEnums<AlarmType>(window.AlarmTypes),
            window.Reason, window.Owner, StateOf(schedule, at),
            current is { } c ? new OccurrenceView(c.Start, c.End) : null,
            next is { } n ? new OccurrenceView(n.Start, n.End) : null,
            canEdit, window.CreatedBy, window.CreatedAt, window.UpdatedBy, window.UpdatedAt);
    }

    /// <summary>Returns up to <paramref name="count"/> spans of coverage from <paramref name="at"/> on, the one in force first.</summary>
    public static IReadOnlyList<OccurrenceView> Preview(MaintenanceSchedule schedule, DateTimeOffset at, int count)
    {
        var spans = new List<OccurrenceView>(count);
        var cursor = at;
        if (schedule.OccurrenceAt(at) is { } current)
        {
            spans.Add(new OccurrenceView(current.Start, current.End));
            cursor = current.End;
        }

        while (spans.Count < count && schedule.NextOccurrenceAfter(cursor) is { } next)
        {
            spans.Add(new OccurrenceView(next.Start, next.End));
            cursor = next.End;
        }

        return spans;
    }
}
