namespace Watchkeeper.Core.Recording;

/// <summary>
/// Retention compliance (录像保存天数达标) of one channel: the recorder must still hold recordings of the local day
/// <see cref="RequiredDays"/> days before today. <see cref="RetainedDays"/> counts calendar days from the day of the
/// oldest available recording to today, so a recording from 2026-11-05 seen on 2026-12-05 is 30 days old.
/// </summary>
public sealed record RetentionStatus(int RequiredDays, DateOnly Today, DateTimeOffset? OldestRecording, DateOnly? OldestDate)
{
    /// <summary>Today minus the date of the oldest recording, or 0 when there is none.</summary>
    public int RetainedDays => OldestDate is { } oldest ? Math.Max(0, Today.DayNumber - oldest.DayNumber) : 0;

    public bool Compliant => RequiredDays <= 0 || RetainedDays >= RequiredDays;

    /// <summary>Days missing to the requirement; 0 when compliant.</summary>
    public int ShortfallDays => Compliant ? 0 : RequiredDays - RetainedDays;

    /// <summary>The local day that the oldest recording must reach back to.</summary>
    public DateOnly RequiredDate => Today.AddDays(-RequiredDays);

    public static RetentionStatus Evaluate(int requiredDays, DateTimeOffset now, DateTimeOffset? oldestRecording, TimeZoneInfo zone) =>
        new(requiredDays, LocalDay.DateOf(now, zone), oldestRecording, oldestRecording is { } oldest ? LocalDay.DateOf(oldest, zone) : null);
}
