namespace Watchkeeper.Server.Recording;

/// <summary>Where a channel's recordings are fetched from.</summary>
public enum RecordingSource
{
    /// <summary>GB/T 28181 RecordInfo through the registering recorder or encoder.</summary>
    Gb28181,

    /// <summary>Hikvision ISAPI recording search on the parent recorder.</summary>
    Isapi,
}

/// <summary>How the check of one channel-day ended.</summary>
public enum RecordingCheckOutcome
{
    /// <summary>The device returned its whole list; the day's gaps and times are stored.</summary>
    Checked,

    /// <summary>The list could not be fetched completely; nothing about the day is stored but the reason.</summary>
    Failed,
}

/// <summary>An organization's recording settings; null fields take the parent's, then the configured defaults.</summary>
public sealed class RecordingPolicy
{
    public long OrganizationId { get; set; }

    /// <summary>Days of recordings the recorders must keep (e.g. 30 or 90).</summary>
    public int? RetentionDays { get; set; }

    /// <summary>The weekly schedule as JSON ranges (see <see cref="ScheduleJson"/>); null inherits.</summary>
    public string? Schedule { get; set; }

    /// <summary>IANA time zone of the organization's calendar days, e.g. Asia/Shanghai; null inherits.</summary>
    public string? TimeZoneId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A recording channel's own settings and its restart-safe check timer.</summary>
public sealed class RecordingChannelState
{
    public long DeviceId { get; set; }

    /// <summary>The channel's own weekly schedule as JSON; null takes the organization's.</summary>
    public string? Schedule { get; set; }

    /// <summary>When the daily check is due next; the worker reads it from the database, so a restart keeps it.</summary>
    public DateTimeOffset NextCheckAt { get; set; }

    /// <summary>The latest local day whose check succeeded.</summary>
    public DateOnly? LastCheckedDate { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>Why the latest attempt failed; null after a success.</summary>
    public string? LastFailure { get; set; }

    /// <summary>The start of the oldest recording the device still holds, as the latest retention check found it.</summary>
    public DateTimeOffset? OldestRecordingAt { get; set; }

    public DateTimeOffset? RetentionCheckedAt { get; set; }

    /// <summary>Why the latest retention check failed; null after a success.</summary>
    public string? RetentionFailure { get; set; }
}

/// <summary>The check of one channel on one local day.</summary>
public sealed class RecordingDayCheck
{
    public long Id { get; set; }

    public long DeviceId { get; set; }

    public DateOnly Date { get; set; }

    public RecordingSource Source { get; set; }

    public RecordingCheckOutcome Outcome { get; set; }

    public DateTimeOffset CheckedAt { get; set; }

    /// <summary>Scheduled seconds of the day (a day still running counts up to the check).</summary>
    public long ScheduledSeconds { get; set; }

    /// <summary>Scheduled seconds that have a recording.</summary>
    public long RecordedSeconds { get; set; }

    public int GapCount { get; set; }

    public long LongestGapSeconds { get; set; }

    /// <summary>Recordings the device listed for the day.</summary>
    public int SegmentCount { get; set; }

    /// <summary>Why the check failed, or a summary of what the device returned.</summary>
    public string Detail { get; set; } = "";
}

/// <summary>Scheduled time without a recording, on one channel and day.</summary>
public sealed class RecordingGap
{
    public long Id { get; set; }

    public long DayCheckId { get; set; }

    public long DeviceId { get; set; }

    public DateOnly Date { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public long DurationSeconds { get; set; }
}

/// <summary>Recorded time inside one checked day, merged from the device's files: what the timeline draws.</summary>
public sealed class RecordedSpan
{
    public long Id { get; set; }

    public long DayCheckId { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }
}
