namespace Watchkeeper.Core.Calendars;

/// <summary>A span of local time within one day, from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive).</summary>
public readonly record struct WorkingPeriod(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly time) => time >= Start && time < End;
}

/// <summary>
/// Working hours per weekday in one time zone, with holidays and make-up working days (调休) by date. Alarm routing
/// and escalation read it, and SLA clocks count working time on it.
/// </summary>
/// <remarks>
/// A holiday has no working time even on a weekday. A make-up working day works the <see cref="MakeUpDayHours"/>
/// even on a weekend. Periods lie within one local day; a calendar that works through midnight lists two periods.
/// </remarks>
public sealed class BusinessCalendar
{
    /// <summary>How far ahead <see cref="NextWorkingTransition"/> and <see cref="AddWorkingTime"/> search: beyond this a calendar counts as never working.</summary>
    public const int SearchDays = 800;

    private readonly IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> _weekHours;

    public BusinessCalendar(
        TimeZoneInfo timeZone,
        IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> weekHours,
        IEnumerable<DateOnly>? holidays = null,
        IEnumerable<DateOnly>? makeUpWorkingDays = null,
        IReadOnlyList<WorkingPeriod>? makeUpDayHours = null)
    {
        TimeZone = timeZone;
        _weekHours = Enum.GetValues<DayOfWeek>().ToDictionary(
            day => day,
            day => (IReadOnlyList<WorkingPeriod>)(weekHours.TryGetValue(day, out var periods) ? periods.OrderBy(p => p.Start).ToList() : []));
        Holidays = (holidays ?? []).ToHashSet();
        MakeUpWorkingDays = (makeUpWorkingDays ?? []).ToHashSet();
        MakeUpDayHours = makeUpDayHours ?? _weekHours[DayOfWeek.Monday];
    }

    public TimeZoneInfo TimeZone { get; }

    public IReadOnlySet<DateOnly> Holidays { get; }

    public IReadOnlySet<DateOnly> MakeUpWorkingDays { get; }

    /// <summary>The hours of a make-up working day: Monday's hours unless the calendar names others.</summary>
    public IReadOnlyList<WorkingPeriod> MakeUpDayHours { get; }

    /// <summary>Returns a weekday's regular working periods, ignoring holidays and make-up days.</summary>
    public IReadOnlyList<WorkingPeriod> HoursOf(DayOfWeek day) => _weekHours[day];

    /// <summary>Returns the regular working periods of every weekday.</summary>
    public IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>> HoursOfWeek() => _weekHours;

    /// <summary>Monday to Friday 09:00–18:00 in China Standard Time (Asia/Shanghai), without holidays.</summary>
    public static BusinessCalendar Default(TimeZoneInfo? timeZone = null)
    {
        IReadOnlyList<WorkingPeriod> office = [new WorkingPeriod(new TimeOnly(9, 0), new TimeOnly(18, 0))];
        var week = new Dictionary<DayOfWeek, IReadOnlyList<WorkingPeriod>>
        {
            [DayOfWeek.Monday] = office,
            [DayOfWeek.Tuesday] = office,
            [DayOfWeek.Wednesday] = office,
            [DayOfWeek.Thursday] = office,
            [DayOfWeek.Friday] = office,
        };
        return new BusinessCalendar(timeZone ?? TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), week);
    }

    /// <summary>Returns the working periods of a local date, after holidays and make-up working days.</summary>
    public IReadOnlyList<WorkingPeriod> PeriodsOn(DateOnly date)
    {
        if (Holidays.Contains(date))
        {
            return [];
        }

        return MakeUpWorkingDays.Contains(date) ? MakeUpDayHours : _weekHours[date.DayOfWeek];
    }

    public bool IsWorkingTime(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, TimeZone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return PeriodsOn(DateOnly.FromDateTime(local.DateTime)).Any(p => p.Contains(time));
    }

    /// <summary>
    /// Returns the first instant after <paramref name="at"/> at which working time starts or stops, or null when the
    /// calendar has no working time in the next <see cref="SearchDays"/> days.
    /// </summary>
    public DateTimeOffset? NextWorkingTransition(DateTimeOffset at)
    {
        foreach (var (start, end) in PeriodsFrom(at))
        {
            if (start > at)
            {
                return start;
            }

            if (end > at)
            {
                return end;
            }
        }

        return null;
    }

    /// <summary>
    /// Returns the instant at which <paramref name="duration"/> of working time has passed since <paramref name="start"/>:
    /// "after 60 working minutes". Returns null when the calendar has too little working time in the next
    /// <see cref="SearchDays"/> days.
    /// </summary>
    public DateTimeOffset? AddWorkingTime(DateTimeOffset start, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return start;
        }

        var left = duration;
        foreach (var (periodStart, periodEnd) in PeriodsFrom(start))
        {
            var from = periodStart > start ? periodStart : start;
            var available = periodEnd - from;
            if (available <= TimeSpan.Zero)
            {
                continue;
            }

            if (available >= left)
            {
                return from + left;
            }

            left -= available;
        }

        return null;
    }

    /// <summary>Returns the working time between two instants.</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        foreach (var (start, end) in PeriodsFrom(from))
        {
            if (start >= to)
            {
                break;
            }

            var clippedStart = start > from ? start : from;
            var clippedEnd = end < to ? end : to;
            if (clippedEnd > clippedStart)
            {
                total += clippedEnd - clippedStart;
            }
        }

        return total;
    }

    /// <summary>Lists working periods as UTC instants, from the local day of <paramref name="at"/> on, in order.</summary>
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> PeriodsFrom(DateTimeOffset at)
    {
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, TimeZone).DateTime);
        for (var offset = 0; offset <= SearchDays; offset++)
        {
            var day = firstDay.AddDays(offset);
            foreach (var period in PeriodsOn(day))
            {
                yield return (ToInstant(day, period.Start), period.End == TimeOnly.MaxValue ? ToInstant(day.AddDays(1), TimeOnly.MinValue) : ToInstant(day, period.End));
            }
        }
    }

    private DateTimeOffset ToInstant(DateOnly day, TimeOnly time)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);

        // A local time skipped by a daylight-saving change does not exist; count it from the instant the clocks jump.
        while (TimeZone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, TimeZone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>
/// A daily range of local time, such as quiet hours from 22:00 to 07:00. A range whose end is not after its start
/// runs across midnight.
/// </summary>
public readonly record struct DailyTimeRange(TimeOnly Start, TimeOnly End)
{
    public bool Contains(DateTimeOffset at, TimeZoneInfo timeZone)
    {
        var time = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, timeZone).DateTime);
        return Start < End ? time >= Start && time < End : time >= Start || time < End;
    }

    /// <summary>Returns the next instant after <paramref name="at"/> at which the range ends (its End in local time).</summary>
    public DateTimeOffset NextEnd(DateTimeOffset at, TimeZoneInfo timeZone)
    {
        var local = TimeZoneInfo.ConvertTime(at, timeZone);
        var candidate = DateOnly.FromDateTime(local.DateTime).ToDateTime(End, DateTimeKind.Unspecified);
        if (candidate <= local.DateTime)
        {
            candidate = candidate.AddDays(1);
        }

        return new DateTimeOffset(candidate, timeZone.GetUtcOffset(candidate)).ToUniversalTime();
    }
}
