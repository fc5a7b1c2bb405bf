using Watchkeeper.Core.Alarms;

namespace Watchkeeper.Server.Alarms.Suppression;

/// <summary>The state of a maintenance window or silence at an instant.</summary>
public enum SuppressionState
{
    /// <summary>In force now.</summary>
    Active,

    /// <summary>Not in force now but will be: before its start, or between two occurrences of a recurring window.</summary>
    Scheduled,

    /// <summary>Ended, expired early or cancelled; it will not be in force again.</summary>
    Expired,
}

/// <summary>
/// A planned period in which alarms in its scope are recorded and shown but not notified: one-off between
/// <see cref="StartAt"/> and <see cref="EndAt"/>, or recurring (weekly or by cron) inside those bounds.
/// </summary>
/// <remarks>
/// Scope lists are comma-separated text (see <see cref="SuppressionLists"/>); an empty list matches anything, and
/// every non-empty list must match. An organization covers its whole subtree.
/// </remarks>
public sealed class MaintenanceWindow
{
    public const int MaxNameLength = 100;
    public const int MaxReasonLength = 500;
    public const int MaxOwnerLength = 100;

    public long Id { get; set; }

    public string Name { get; set; } = "";

    public DateTimeOffset StartAt { get; set; }

    public DateTimeOffset EndAt { get; set; }

    /// <summary>Null for a one-off window.</summary>
    public MaintenanceRecurrenceKind? RecurrenceKind { get; set; }

    /// <summary>For a weekly window, e.g. "Monday,Wednesday".</summary>
    public string? DaysOfWeek { get; set; }

    /// <summary>For a weekly window, the local start time of each occurrence.</summary>
    public TimeOnly? StartTime { get; set; }

    /// <summary>For a cron window, a five-field expression read in <see cref="TimeZone"/>.</summary>
    public string? CronExpression { get; set; }

    /// <summary>How long each occurrence of a recurring window lasts, in minutes.</summary>
    public int? DurationMinutes { get; set; }

    /// <summary>The IANA time zone of the recurrence's local times.</summary>
    public string TimeZone { get; set; } = "";

    public string OrganizationIds { get; set; } = "";

    public string DeviceIds { get; set; } = "";

    public string DeviceKinds { get; set; } = "";

    public string AlarmTypes { get; set; } = "";

    public string Reason { get; set; } = "";

    /// <summary>What opened the window when not a user, e.g. "change:42"; at most one window per owner.</summary>
    public string? Owner { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string UpdatedBy { get; set; } = "";

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// An operator's silence: alarms matching it are recorded and shown but not notified from <see cref="StartAt"/>
/// until <see cref="EndAt"/>, or until someone expires it early.
/// </summary>
public sealed class Silence
{
    public const int MaxReasonLength = 500;

    public long Id { get; set; }

    public string OrganizationIds { get; set; } = "";

    public string DeviceIds { get; set; } = "";

    public string DeviceKinds { get; set; } = "";

    public string AlarmTypes { get; set; } = "";

    public string Severities { get; set; } = "";

    public DateTimeOffset StartAt { get; set; }

    public DateTimeOffset EndAt { get; set; }

    public string Reason { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When someone expired the silence before its end.</summary>
    public DateTimeOffset? ExpiredAt { get; set; }

    public string? ExpiredBy { get; set; }

    /// <summary>The end, or the early expiry when that came first.</summary>
    public DateTimeOffset EffectiveEndAt => ExpiredAt is { } expired && expired < EndAt ? expired : EndAt;

    public SuppressionState StateAt(DateTimeOffset at)
    {
        if (at >= EffectiveEndAt)
        {
            return SuppressionState.Expired;
        }

        return at < StartAt ? SuppressionState.Scheduled : SuppressionState.Active;
    }
}
