using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Results;

namespace Watchkeeper.Server.Alarms;

/// <summary>What maintenance windows and silences match an alarm by.</summary>
public sealed record AlarmMatchSubject(long DeviceId, long OrganizationId, DeviceKind DeviceKind, AlarmType Type, AlarmSeverity Severity);

/// <summary>The window or silence that covers an alarm.</summary>
/// <param name="SourceId">The maintenance window's or silence's id.</param>
/// <param name="Reason">What the console and the alarm history show, for example the window's name and end.</param>
public sealed record SuppressionMatch(AlarmSuppression Kind, long SourceId, string Reason, DateTimeOffset? Until);

/// <summary>The maintenance windows and silences in force, read once and matched against many alarms.</summary>
public interface ISuppressionSnapshot
{
    /// <summary>Returns the window or silence covering <paramref name="subject"/> at <paramref name="at"/>, or null.</summary>
    SuppressionMatch? Match(AlarmMatchSubject subject, DateTimeOffset at);
}

public interface IAlarmSuppressions
{
    /// <summary>Loads the windows and silences that may be in force around <paramref name="at"/>.</summary>
    Task<ISuppressionSnapshot> SnapshotAsync(DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>A maintenance window that another capability (an approved change) opens.</summary>
public sealed record MaintenanceWindowDraft(
    string Name,
    DateTimeOffset Start,
    DateTimeOffset End,
    IReadOnlyList<long> OrganizationIds,
    IReadOnlyList<long> DeviceIds,
    IReadOnlyList<DeviceKind> DeviceKinds,
    IReadOnlyList<AlarmType> AlarmTypes,
    string Reason);

/// <summary>Lets change management open, move and cancel the maintenance window of an approved change.</summary>
public interface IMaintenanceWindowScheduler
{
    /// <summary>Creates or replaces the window owned by <paramref name="owner"/> (for example "change:42") and returns its id.</summary>
    Task<Result<long>> ScheduleAsync(string owner, MaintenanceWindowDraft draft, string actor, CancellationToken cancellationToken = default);

    /// <summary>Ends the window owned by <paramref name="owner"/> now; nothing happens when there is none.</summary>
    Task CancelAsync(string owner, string actor, CancellationToken cancellationToken = default);
}
