using Watchkeeper.Core.Recording;

namespace Watchkeeper.Core.Duty;

/// <summary>
/// Turns a shift's local date and wall-clock times into the instants it covers. Shifts are half-open
/// [start, end), so at the instant one shift hands over, the incoming shift is on duty and the outgoing one is not.
/// </summary>
public static class ShiftWindow
{
    /// <summary>
    /// Returns the instants of a shift that starts on <paramref name="date"/> at <paramref name="start"/> local time.
    /// An end at or before the start falls on the next day: 20:00–08:00 is a night shift, 08:00–08:00 a 24-hour one.
    /// Both instants are in UTC, as the database stores them.
    /// </summary>
    public static TimeInterval Of(DateOnly date, TimeOnly start, TimeOnly end, TimeZoneInfo zone)
    {
        var endDate = end <= start ? date.AddDays(1) : date;
        return new TimeInterval(
            LocalDay.ToInstant(date.ToDateTime(start), zone).ToUniversalTime(),
            LocalDay.ToInstant(endDate.ToDateTime(end), zone).ToUniversalTime());
    }

    /// <summary>Returns true when the shift is on duty at <paramref name="at"/>: from its start, up to but not at its end.</summary>
    public static bool Covers(TimeInterval shift, DateTimeOffset at) => shift.Start <= at && at < shift.End;
}
