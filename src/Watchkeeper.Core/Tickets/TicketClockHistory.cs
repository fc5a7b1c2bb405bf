using Watchkeeper.Core.Calendars;

namespace Watchkeeper.Core.Tickets;

/// <summary>Turns a ticket's activity log into the clock history that <see cref="SlaClocks"/> replays.</summary>
public static class TicketClockHistory
{
    /// <summary>The activities that move a clock. The rest of the log can stay unloaded when clocks are computed.</summary>
    public static IReadOnlySet<TicketAction> ClockActions { get; } = new HashSet<TicketAction>
    {
        TicketAction.Created,
        TicketAction.LevelChanged,
        TicketAction.TermsChanged,
        TicketAction.Assigned,
        TicketAction.Transferred,
        TicketAction.Accepted,
        TicketAction.Arrived,
        TicketAction.Restored,
        TicketAction.Resolved,
        TicketAction.Reopened,
        TicketAction.Paused,
        TicketAction.Resumed,
        TicketAction.Closed,
        TicketAction.MergedInto,
    };

    /// <summary>The crossings a ticket already acted on.</summary>
    public static IReadOnlySet<TicketAction> CrossingActions { get; } = new HashSet<TicketAction>
    {
        TicketAction.ClockWarning,
        TicketAction.ClockBreached,
        TicketAction.Escalated,
    };

    public static List<SlaEvent> From(IEnumerable<TicketActivity> activities, Func<long, BusinessCalendar?> calendars)
    {
        var events = new List<SlaEvent>();
        foreach (var activity in activities.OrderBy(a => a.ClockAt).ThenBy(a => a.Id))
        {
            SlaEvent? change = activity.Action switch
            {
                TicketAction.Created => new SlaEvent(activity.ClockAt, SlaEventKind.Opened, Terms(activity, calendars)),
                TicketAction.LevelChanged or TicketAction.TermsChanged => new SlaEvent(activity.ClockAt, SlaEventKind.TermsChanged, Terms(activity, calendars)),
                TicketAction.Assigned or TicketAction.Transferred => new SlaEvent(activity.ClockAt, SlaEventKind.Assigned),
                TicketAction.Accepted => new SlaEvent(activity.ClockAt, SlaEventKind.Accepted),
                TicketAction.Arrived => new SlaEvent(activity.ClockAt, SlaEventKind.Arrived),
                TicketAction.Restored => new SlaEvent(activity.ClockAt, SlaEventKind.Restored),
                TicketAction.Resolved => new SlaEvent(activity.ClockAt, SlaEventKind.Resolved),
                TicketAction.Reopened => new SlaEvent(activity.ClockAt, SlaEventKind.Reopened),
                TicketAction.Paused => new SlaEvent(activity.ClockAt, SlaEventKind.Paused),
                TicketAction.Resumed => new SlaEvent(activity.ClockAt, SlaEventKind.Resumed),
                TicketAction.Closed or TicketAction.MergedInto => new SlaEvent(activity.ClockAt, SlaEventKind.Closed),
                _ => null,
            };
            if (change is not null)
            {
                events.Add(change);
            }
        }

        return events;
    }

    /// <summary>Returns the keys of the crossings recorded in <paramref name="activities"/>.</summary>
    public static HashSet<string> ActedOn(IEnumerable<TicketActivity> activities) =>
        activities.Where(a => a.MarkKey is not null).Select(a => a.MarkKey!).ToHashSet();

    private static SlaTerms Terms(TicketActivity activity, Func<long, BusinessCalendar?> calendars) =>
        (activity.Terms ?? SlaTermsSnapshot.Empty(3)).ToTerms(calendars);
}
