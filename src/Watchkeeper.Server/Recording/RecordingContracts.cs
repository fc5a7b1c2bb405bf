namespace Watchkeeper.Server.Recording;

/// <summary>A span of time on the wire, with its length.</summary>
public sealed record TimeSpanDto(DateTimeOffset Start, DateTimeOffset End, long DurationSeconds);

/// <summary>
/// A channel's recordings on one local day. Completeness (录像完整率) = recordedSeconds ÷ scheduledSeconds, where
/// scheduledSeconds is the time the schedule required on the day and recordedSeconds the part of it covered by a
/// recording; null when nothing was scheduled or the day was not checked successfully.
/// </summary>
/// <param name="Outcome">Checked, Failed (see detail; no times are stored) or NotChecked.</param>
/// <param name="Segments">Recorded time inside the day, merged, scheduled or not.</param>
/// <param name="Gaps">Scheduled time without a recording.</param>
/// <param name="Scheduled">The scheduled time of the day.</param>
public sealed record RecordingDayResponse(
    long ChannelId,
    string Code,
    string Name,
    DateOnly Date,
    string TimeZone,
    DateTimeOffset DayStart,
    DateTimeOffset DayEnd,
    RecordingSource Source,
    string Outcome,
    DateTimeOffset? CheckedAt,
    string Detail,
    long ScheduledSeconds,
    long RecordedSeconds,
    double? Completeness,
    long LongestGapSeconds,
    IReadOnlyList<TimeSpanDto> Segments,
    IReadOnlyList<TimeSpanDto> Gaps,
    IReadOnlyList<TimeSpanDto> Scheduled);

/// <summary>A channel's schedule: its own ranges, or those it inherits, and where they come from.</summary>
public sealed record RecordingScheduleResponse(long? ChannelId, long? OrganizationId, bool Inherited, string Source, IReadOnlyList<ScheduleRangeDto> Ranges);

/// <summary>A schedule to store; null ranges remove the override so the inherited schedule applies.</summary>
public sealed record RecordingScheduleInput(IReadOnlyList<ScheduleRangeDto>? Ranges);

/// <summary>An organization's own recording settings; null fields inherit.</summary>
public sealed record RecordingPolicyInput(int? RetentionDays, string? TimeZone, IReadOnlyList<ScheduleRangeDto>? Schedule);

/// <summary>An organization's own recording settings and the values in effect for its channels.</summary>
public sealed record RecordingPolicyResponse(long OrganizationId, int? RetentionDays, string? TimeZone, IReadOnlyList<ScheduleRangeDto>? Schedule,
    int EffectiveRetentionDays, string EffectiveTimeZone, IReadOnlyList<ScheduleRangeDto> EffectiveSchedule, string EffectiveScheduleSource);
