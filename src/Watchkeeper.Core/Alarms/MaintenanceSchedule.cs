using Cronos;
using Watchkeeper.Core.Recording;

namespace Watchkeeper.Core.Alarms;

public enum MaintenanceRecurrenceKind
{
    /// <summary>On chosen days of the week at a local start time.</summary>
    Weekly,

    /// <summary>At the local times a five-field cron expression names.</summary>
    Cron,
}

/// <summary>How a recurring maintenance window repeats; every occurrence lasts <see cref="Duration"/>.</summary>
public sealed record MaintenanceRecurrence(
    MaintenanceRecurrenceKind Kind,
    IReadOnlyList<DayOfWeek> DaysOfWeek,
    TimeOnly StartTime,
    string? CronExpression,
    TimeSpan Duration)
{
    /// <summary>The longest occurrence: a week, so that finding the occurrence around an instant stays cheap.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    public static MaintenanceRecurrence Weekly(IEnumerable<DayOfWeek> days, TimeOnly startTime, TimeSpan duration) =>
        new(MaintenanceRecurrenceKind.Weekly, [.. days.Distinct().Order()], startTime, null, duration);

    public static MaintenanceRecurrence Cron(string expression, TimeSpan duration) =>
        new(MaintenanceRecurrenceKind.Cron, [], default, expression.Trim(), duration);

    /// <summary>Parses a standard five-field cron expression (minute hour day-of-month month day-of-week); null when it is invalid.</summary>
    public static CronExpression? TryParseCron(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }

        try
        {
            return Cronos.CronExpression.Parse(expression.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException)
        {
            return null;
        }
    }
}

/// <summary>A span of time in which a maintenance window is in force: from <see cref="Start"/> up to, not including, <see cref="End"/>.</summary>
public readonly record struct MaintenanceOccurrence(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// The occurrence arithmetic of a maintenance window. A one-off window is in force from its start up to its end. A
/// recurring window is in force inside its occurrences, cut to its start and end: nothing is in force before the
/// start or from the end on, even when an occurrence began earlier or would last longer.
/// </summary>
/// <remarks>
/// Occurrences start at local wall-clock times in <see cref="Zone"/> and last an elapsed duration, so a two-hour
/// window over a daylight-saving change still lasts two hours. A weekly start time skipped by a spring-forward
/// change is read with the offset before the change (02:30 becomes 03:30), and a time that occurs twice is read as
/// its first occurrence (see <see cref="LocalDay.ToInstant"/>). Cron times follow Cronos 0.13.0: a skipped time runs
/// at the end of the gap and a repeated time runs once.
/// </remarks>
public sealed class MaintenanceSchedule
{
    /// <summary>The most occurrences merged into one span of coverage, for cron expressions that overlap themselves.</summary>
    private const int MaxMergedOccurrences = 20_000;

    private readonly CronExpression? _cron;

    public MaintenanceSchedule(DateTimeOffset start, DateTimeOffset end, MaintenanceRecurrence? recurrence, TimeZoneInfo zone)
    {
        if (end <= start)
        {
            throw new ArgumentException($"The end {end:O} must be after the start {start:O}.", nameof(end));
        }

        if (recurrence is not null && (recurrence.Duration <= TimeSpan.Zero || recurrence.Duration > MaintenanceRecurrence.MaxDuration))
        {
            throw new ArgumentException($"The occurrence duration {recurrence.Duration} must be positive and at most {MaintenanceRecurrence.MaxDuration}.", nameof(recurrence));
        }

        if (recurrence is { Kind: MaintenanceRecurrenceKind.Weekly, DaysOfWeek.Count: 0 })
        {
            throw new ArgumentException("A weekly recurrence needs at least one day of the week.", nameof(recurrence));
        }

        if (recurrence is { Kind: MaintenanceRecurrenceKind.Cron })
        {
            _cron = MaintenanceRecurrence.TryParseCron(recurrence.CronExpression)
                ?? throw new ArgumentException($"'{recurrence.CronExpression}' is not a valid five-field cron expression.", nameof(recurrence));
        }

        Start = start.ToUniversalTime();
        End = end.ToUniversalTime();
        Recurrence = recurrence;
        Zone = zone;
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    /// <summary>Null for a one-off window.</summary>
    public MaintenanceRecurrence? Recurrence { get; }

    public TimeZoneInfo Zone { get; }

    /// <summary>Returns the span of coverage that contains <paramref name="at"/>, or null when the window is not in force then.</summary>
    /// <remarks>
    /// The span starts with the earliest occurrence that still covers <paramref name="at"/> and runs on through
    /// overlapping or touching occurrences, so its end is when the window really stops.
    /// </remarks>
    public MaintenanceOccurrence? OccurrenceAt(DateTimeOffset at)
    {
        if (at < Start || at >= End)
        {
            return null;
        }

        if (Recurrence is null)
        {
            return new MaintenanceOccurrence(Start, End);
        }

        var duration = Recurrence.Duration;
        var first = StartsAfter(at - duration).Cast<DateTimeOffset?>().FirstOrDefault();
        if (first is not { } coveringStart || coveringStart > at)
        {
            return null;
        }

        return new MaintenanceOccurrence(Max(coveringStart, Start), MergedEnd(coveringStart));
    }

    /// <summary>Returns true when the window is in force at <paramref name="at"/>.</summary>
    public bool IsActiveAt(DateTimeOffset at) => OccurrenceAt(at) is not null;

    /// <summary>
    /// Returns the next span of coverage that starts after <paramref name="at"/>, or null when none does. While the
    /// window is in force this is the span after the current one.
    /// </summary>
    public MaintenanceOccurrence? NextOccurrenceAfter(DateTimeOffset at)
    {
        if (at >= End)
        {
            return null;
        }

        if (at < Start && OccurrenceAt(Start) is { } atStart)
        {
            return atStart;
        }

        if (Recurrence is null)
        {
            return null;
        }

        var from = OccurrenceAt(at) is { } current ? current.End : Max(at, Start);
        foreach (var start in StartsAfter(from - TimeSpan.FromTicks(1)))
        {
            if (start >= End)
            {
                return null;
            }

            if (start > at && start >= Start)
            {
                return new MaintenanceOccurrence(start, MergedEnd(start));
            }
        }

        return null;
    }

    /// <summary>Returns the next instant after <paramref name="at"/> at which the window starts or stops being in force, or null when it never will.</summary>
    public DateTimeOffset? NextChangeAfter(DateTimeOffset at)
    {
        if (OccurrenceAt(at) is { } current)
        {
            return current.End;
        }

        return NextOccurrenceAfter(at)?.Start;
    }

    /// <summary>
    /// Returns when coverage stops that begins with the occurrence starting at <paramref name="start"/>: it runs on
    /// through every later occurrence that starts before it stops.
    /// </summary>
    private DateTimeOffset MergedEnd(DateTimeOffset start)
    {
        var duration = Recurrence!.Duration;
        var end = start + duration;
        var merged = 0;
        foreach (var next in StartsAfter(start))
        {
            if (next > end || end >= End || ++merged > MaxMergedOccurrences)
            {
                break;
            }

            end = Max(end, next + duration);
        }

        return Min(end, End);
    }

    /// <summary>Enumerates occurrence starts later than <paramref name="after"/> in time order, until the window's end.</summary>
    private IEnumerable<DateTimeOffset> StartsAfter(DateTimeOffset after)
    {
        return Recurrence!.Kind == MaintenanceRecurrenceKind.Weekly ? WeeklyStartsAfter(after) : CronStartsAfter(after);
    }

    private IEnumerable<DateTimeOffset> WeeklyStartsAfter(DateTimeOffset after)
    {
        var recurrence = Recurrence!;

        // A day earlier than the local date of 'after', so that a start moved by a daylight-saving change is not missed.
        var date = LocalDay.DateOf(after, Zone).AddDays(-1);
        while (true)
        {
            if (recurrence.DaysOfWeek.Contains(date.DayOfWeek))
            {
                var start = LocalDay.ToInstant(date.ToDateTime(recurrence.StartTime), Zone).ToUniversalTime();
                if (start >= End)
                {
                    yield break;
                }

                if (start > after)
                {
                    yield return start;
                }
            }

            date = date.AddDays(1);
        }
    }

    private IEnumerable<DateTimeOffset> CronStartsAfter(DateTimeOffset after)
    {
        var from = after;
        while (_cron!.GetNextOccurrence(from, Zone, inclusive: false) is { } next)
        {
            var start = next.ToUniversalTime();
            if (start >= End)
            {
                yield break;
            }

            yield return start;
            from = next;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
