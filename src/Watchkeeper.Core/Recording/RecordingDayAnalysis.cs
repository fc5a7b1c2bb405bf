namespace Watchkeeper.Core.Recording;

/// <summary>A channel's recordings on one day measured against its schedule.</summary>
/// <param name="Recorded">The recorded time inside the day, merged, whether scheduled or not: what a timeline draws.</param>
/// <param name="Gaps">Scheduled time without a recording, in order.</param>
/// <param name="Scheduled">The time the schedule required, up to <c>notAfter</c> for a day not yet over.</param>
/// <param name="RecordedInSchedule">The scheduled time that has a recording.</param>
public sealed record RecordingDay(
    DateOnly Date,
    TimeInterval Window,
    IReadOnlyList<TimeInterval> Recorded,
    IReadOnlyList<TimeInterval> Gaps,
    TimeSpan Scheduled,
    TimeSpan RecordedInSchedule)
{
    /// <summary>Recorded ÷ scheduled time (录像完整率), or null when the schedule required nothing.</summary>
    public double? Completeness => Scheduled > TimeSpan.Zero ? RecordedInSchedule / Scheduled : null;

    public TimeSpan LongestGap => Gaps.Count == 0 ? TimeSpan.Zero : Gaps.Max(g => g.Duration);

    /// <summary>Returns the gaps that last at least <paramref name="threshold"/>.</summary>
    public IEnumerable<TimeInterval> GapsOver(TimeSpan threshold) => Gaps.Where(g => g.Duration >= threshold);
}

/// <summary>Compares the recordings a device reported with the schedule of one local day.</summary>
public static class RecordingDayAnalysis
{
    /// <summary>
    /// Measures <paramref name="segments"/> against <paramref name="schedule"/> on <paramref name="date"/>. Segments may
    /// be unsorted, overlap, or reach into the days before and after; only their part inside the day counts. Time
    /// after <paramref name="notAfter"/> (a day still running) is neither scheduled nor a gap.
    /// </summary>
    public static RecordingDay Analyze(DateOnly date, TimeZoneInfo zone, RecordingSchedule schedule, IEnumerable<TimeInterval> segments, DateTimeOffset? notAfter = null)
    {
        var window = LocalDay.Window(date, zone);
        var measured = notAfter is { } cut && cut < window.End
            ? window with { End = cut > window.Start ? cut : window.Start }
            : window;

        var recorded = IntervalSet.Clip(segments, window);
        var scheduled = IntervalSet.Clip(schedule.ScheduledOn(date, zone), measured);
        var covered = IntervalSet.Intersect(scheduled, recorded);
        var gaps = IntervalSet.Subtract(scheduled, recorded);
        return new RecordingDay(date, window, recorded, gaps, IntervalSet.TotalDuration(scheduled), IntervalSet.TotalDuration(covered));
    }
}
