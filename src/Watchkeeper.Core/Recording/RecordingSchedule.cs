using System.Globalization;
using Watchkeeper.Core.Devices;

namespace Watchkeeper.Core.Recording;

/// <summary>One weekly time range of a recording schedule, in minutes after local midnight; End may be 1440 (24:00).</summary>
public readonly record struct ScheduleRange(DayOfWeek Day, int StartMinute, int EndMinute)
{
    public const int MinutesPerDay = 1440;

    public static string FormatMinute(int minute) =>
        $"{(minute / 60).ToString("00", CultureInfo.InvariantCulture)}:{(minute % 60).ToString("00", CultureInfo.InvariantCulture)}";

    public override string ToString() => $"{Day} {FormatMinute(StartMinute)}-{FormatMinute(EndMinute)}";
}

/// <summary>
/// When a channel is required to record: weekly time ranges per day of the week, in the organization's zone. A day
/// without ranges requires nothing, so an empty schedule means the channel need not record at all.
/// </summary>
public sealed class RecordingSchedule
{
    /// <summary>The most ranges a schedule may hold, far more than any real weekly plan.</summary>
    public const int MaxRanges = 7 * 48;

    private readonly IReadOnlyList<ScheduleRange>[] _byDay;

    private RecordingSchedule(IEnumerable<ScheduleRange> ranges)
    {
        _byDay = new IReadOnlyList<ScheduleRange>[7];
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            _byDay[(int)day] = Merge(ranges.Where(r => r.Day == day)).ToList();
        }
    }

    /// <summary>Recording around the clock on every day, the default of every channel.</summary>
    public static RecordingSchedule AllWeek { get; } = new(Enum.GetValues<DayOfWeek>().Select(d => new ScheduleRange(d, 0, ScheduleRange.MinutesPerDay)));

    public static RecordingSchedule Empty { get; } = new([]);

    /// <summary>Every range, by day of the week (Sunday first) and start, overlapping ranges of a day merged.</summary>
    public IReadOnlyList<ScheduleRange> Ranges => _byDay.SelectMany(r => r).ToList();

    public bool IsAllWeek => _byDay.All(day => day.Count == 1 && day[0].StartMinute == 0 && day[0].EndMinute == ScheduleRange.MinutesPerDay);

    public IReadOnlyList<ScheduleRange> RangesOf(DayOfWeek day) => _byDay[(int)day];

    /// <summary>Builds a schedule from ranges such as ("Monday", "08:00", "18:00"); "24:00" ends a range at midnight.</summary>
    public static (RecordingSchedule? Schedule, FieldError? Error) Parse(IEnumerable<(string? Day, string? Start, string? End)> ranges)
    {
        var parsed = new List<ScheduleRange>();
        var index = 0;
        foreach (var (dayText, startText, endText) in ranges)
        {
            if (index >= MaxRanges)
            {
                return (null, new FieldError("ranges", "recording.schedule.too_many",
                    $"录像计划最多 {MaxRanges} 个时间段。", $"A recording schedule holds at most {MaxRanges} ranges."));
            }

            if (!Enum.TryParse<DayOfWeek>(dayText?.Trim(), ignoreCase: true, out var day) || !Enum.IsDefined(day) || int.TryParse(dayText, out _))
            {
                return (null, new FieldError($"ranges[{index}].day", "recording.schedule.day",
                    $"第 {index + 1} 个时间段的星期“{dayText}”无效，应为 Monday…Sunday。",
                    $"Range {index + 1}: day '{dayText}' is invalid; use Monday to Sunday."));
            }

            var start = ParseMinute(startText, allowEndOfDay: false);
            var end = ParseMinute(endText, allowEndOfDay: true);
            if (start is null || end is null || end <= start)
            {
                return (null, new FieldError($"ranges[{index}]", "recording.schedule.range",
                    $"第 {index + 1} 个时间段“{startText}-{endText}”无效：时间格式为 HH:mm，结束须晚于开始，最晚 24:00。",
                    $"Range {index + 1} '{startText}-{endText}' is invalid: use HH:mm, with the end after the start and at most 24:00."));
            }

            parsed.Add(new ScheduleRange(day, start.Value, end.Value));
            index++;
        }

        return (new RecordingSchedule(parsed), null);
    }

    /// <summary>Creates a schedule from ranges that are already valid; raises <see cref="ArgumentException"/> otherwise.</summary>
    public static RecordingSchedule From(IEnumerable<ScheduleRange> ranges)
    {
        var list = ranges.ToList();
        if (list.Any(r => r.StartMinute < 0 || r.EndMinute > ScheduleRange.MinutesPerDay || r.EndMinute <= r.StartMinute))
        {
            throw new ArgumentException("Every range needs 0 <= start < end <= 1440.", nameof(ranges));
        }

        return new RecordingSchedule(list);
    }

    /// <summary>
    /// Returns the instants the schedule requires on <paramref name="date"/> in <paramref name="zone"/>. Wall-clock
    /// times map through <see cref="LocalDay.ToInstant"/>, so a range over a skipped hour is an hour shorter and a
    /// range over a repeated hour an hour longer, as the clock on the wall shows.
    /// </summary>
    public List<TimeInterval> ScheduledOn(DateOnly date, TimeZoneInfo zone)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        var intervals = RangesOf(date.DayOfWeek).Select(range => new TimeInterval(
            LocalDay.ToInstant(midnight.AddMinutes(range.StartMinute), zone),
            range.EndMinute == ScheduleRange.MinutesPerDay
                ? LocalDay.ToInstant(midnight.AddDays(1), zone)
                : LocalDay.ToInstant(midnight.AddMinutes(range.EndMinute), zone)));
        return IntervalSet.Normalize(intervals);
    }

    private static int? ParseMinute(string? text, bool allowEndOfDay)
    {
        var trimmed = text?.Trim();
        if (allowEndOfDay && trimmed is "24:00" or "24:00:00")
        {
            return ScheduleRange.MinutesPerDay;
        }

        return TimeOnly.TryParseExact(trimmed, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && time.Second == 0
            ? time.Hour * 60 + time.Minute
            : null;
    }

    private static IEnumerable<ScheduleRange> Merge(IEnumerable<ScheduleRange> ranges)
    {
        ScheduleRange? current = null;
        foreach (var range in ranges.OrderBy(r => r.StartMinute))
        {
            if (current is { } open && range.StartMinute <= open.EndMinute)
            {
                current = open with { EndMinute = Math.Max(open.EndMinute, range.EndMinute) };
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = range;
        }

        if (current is { } last)
        {
            yield return last;
        }
    }
}
