using Watchkeeper.Core.Calendars;

namespace Watchkeeper.Core.Tickets;

/// <summary>The clocks of a ticket: the four service-level targets, and two that drive escalation only.</summary>
public enum SlaClockKind
{
    /// <summary>From the report until an engineer accepts the ticket (响应).</summary>
    Response,

    /// <summary>From the report until an engineer is on site (到场).</summary>
    Arrival,

    /// <summary>From the report until service is restored, possibly with a workaround (恢复).</summary>
    Restoration,

    /// <summary>From the report until the fault is resolved (解决).</summary>
    Resolution,

    /// <summary>From the report until the ticket has an owner. It escalates an unassigned ticket.</summary>
    Assignment,

    /// <summary>From each assignment until the assignee accepts. It escalates a ticket that no engineer took up.</summary>
    Acceptance,
}

public enum SlaClockState
{
    /// <summary>The clock has not started: the acceptance clock before the first assignment.</summary>
    Pending,
    Running,
    Paused,

    /// <summary>Stopped within its target.</summary>
    Met,

    /// <summary>Past its target, running or stopped. The breach size is the excess.</summary>
    Breached,
}

/// <summary>
/// A clock's target: how much time may pass, counted on a business calendar's working time or, without one,
/// around the clock (7×24).
/// </summary>
public sealed record SlaTarget(TimeSpan Duration, BusinessCalendar? Calendar = null)
{
    public bool IsAroundTheClock => Calendar is null;
}

/// <summary>
/// A point on a clock at which something must happen once: a warning, the breach, an escalation step. It is
/// crossed when the clock's elapsed time reaches <see cref="Percent"/> of the target plus <see cref="After"/>.
/// </summary>
/// <param name="Id">Stable within the policy, such as "warning-75", "breach" or "step-2"; part of the crossing's key.</param>
public sealed record SlaMark(string Id, SlaClockKind Clock, int Percent, TimeSpan After = default)
{
    public TimeSpan ThresholdOf(TimeSpan target) => target * (Percent / 100.0) + After;
}

/// <summary>The targets and marks in force for a ticket from some instant on: its policy for its fault level.</summary>
public sealed record SlaTerms(IReadOnlyDictionary<SlaClockKind, SlaTarget> Targets, IReadOnlyList<SlaMark> Marks)
{
    public static SlaTerms None { get; } = new(new Dictionary<SlaClockKind, SlaTarget>(), []);

    public SlaTarget? TargetOf(SlaClockKind kind) => Targets.GetValueOrDefault(kind);
}

/// <summary>What happened to a ticket, as far as its clocks are concerned.</summary>
public enum SlaEventKind
{
    /// <summary>The ticket was reported, with the first terms.</summary>
    Opened,

    /// <summary>The fault level, contract or policy changed. The new terms apply from this instant.</summary>
    TermsChanged,
    Assigned,
    Accepted,
    Arrived,
    Restored,
    Resolved,
    Reopened,
    Paused,
    Resumed,

    /// <summary>The ticket ended without a resolution of its own (merged, cancelled), or after one.</summary>
    Closed,
}

/// <summary>One entry of a ticket's clock history. <see cref="Terms"/> is set on Opened and TermsChanged.</summary>
public sealed record SlaEvent(DateTimeOffset At, SlaEventKind Kind, SlaTerms? Terms = null);

/// <summary>A clock's state at the evaluated instant.</summary>
/// <param name="Cycle">How many times the clock restarted from zero: the acceptance clock restarts on every assignment.</param>
/// <param name="Elapsed">Running time, in the target's measure (working time on a business calendar).</param>
/// <param name="Paused">Time spent paused, in the same measure.</param>
/// <param name="DueAt">When the target is reached if the clock keeps running; for a stopped clock, the due time when it stopped.</param>
/// <param name="BreachedAt">When the elapsed time passed the target.</param>
/// <param name="BreachSize">By how much the elapsed time exceeds the target; zero unless breached.</param>
public sealed record SlaClockStatus(
    SlaClockKind Kind,
    SlaClockState State,
    int Cycle,
    TimeSpan Elapsed,
    TimeSpan Paused,
    TimeSpan? Target,
    DateTimeOffset? DueAt,
    DateTimeOffset? BreachedAt,
    TimeSpan BreachSize,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt);

/// <summary>
/// A mark a clock crossed, or will cross if it keeps running. <see cref="NoticeAt"/> is when to act on it: the
/// crossing itself, or on a business calendar the next working time when the crossing falls outside it.
/// </summary>
/// <param name="Key">Unique per ticket: the clock, its cycle and the mark; a crossing with a key already acted on is never acted on again.</param>
public sealed record SlaCrossing(string Key, SlaClockKind Clock, int Cycle, SlaMark Mark, DateTimeOffset CrossedAt, DateTimeOffset NoticeAt)
{
    public static string KeyOf(SlaClockKind clock, int cycle, string markId) => $"{clock}:{cycle}:{markId}";
}
