using Watchkeeper.Core.Calendars;
using Watchkeeper.Core.Tickets;

namespace Watchkeeper.Server.Tickets;

/// <summary>
/// A clock of the ticket page between two reads from the server: the view's values, advanced by the time passed
/// since <see cref="ReadAt"/> on the target's business calendar (or on 7×24 time), so that the page counts each
/// second without a query.
/// </summary>
/// <param name="TicketPaused">Whether the ticket was on hold at the read, so that a counting clock adds paused time.</param>
/// <param name="Calendar">The current target's calendar, or null for a target on 7×24 time.</param>
public sealed record TicketLiveClock(TicketClockView View, DateTimeOffset ReadAt, bool TicketPaused, BusinessCalendar? Calendar)
{
    /// <summary>Whether the clock was counting at the read: started and not stopped. A breached clock counts on.</summary>
    public bool IsCounting => View.State is not SlaClockState.Pending && View.StoppedAt is null;

    public bool IsPaused => IsCounting && (View.State == SlaClockState.Paused || TicketPaused);

    public TimeSpan? Target => View.TargetSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    public TimeSpan Elapsed(DateTimeOffset now) =>
        TimeSpan.FromSeconds(View.ElapsedSeconds) + (IsCounting && !IsPaused ? Passed(now) : TimeSpan.Zero);

    public TimeSpan Paused(DateTimeOffset now) =>
        TimeSpan.FromSeconds(View.PausedSeconds) + (IsPaused ? Passed(now) : TimeSpan.Zero);

    /// <summary>Returns the time left to the target at <paramref name="now"/>, negative when past it, or null without a target.</summary>
    public TimeSpan? Remaining(DateTimeOffset now) => Target is { } target ? target - Elapsed(now) : null;

    /// <summary>Returns the state at <paramref name="now"/>: a running clock that reached its target since the read shows as breached.</summary>
    public SlaClockState State(DateTimeOffset now) =>
        View.State == SlaClockState.Running && Remaining(now) <= TimeSpan.Zero ? SlaClockState.Breached : View.State;

    /// <summary>Formats a clock reading as hours:minutes:seconds, such as 26:05:13, with a minus sign when negative.</summary>
    public static string Format(TimeSpan value)
    {
        var sign = value < TimeSpan.Zero ? "-" : "";
        var magnitude = value.Duration();
        return $"{sign}{(long)magnitude.TotalHours}:{magnitude.Minutes:D2}:{magnitude.Seconds:D2}";
    }

    private TimeSpan Passed(DateTimeOffset now) =>
        now <= ReadAt ? TimeSpan.Zero : Calendar?.WorkingTimeBetween(ReadAt, now) ?? now - ReadAt;
}
