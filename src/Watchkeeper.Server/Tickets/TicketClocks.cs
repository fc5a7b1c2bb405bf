using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Calendars;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Tickets;

/// <summary>Evaluates tickets' clocks against the stored business calendars.</summary>
public sealed class TicketClocks
{
    private readonly Dictionary<long, BusinessCalendar?> _calendars;

    private TicketClocks(Dictionary<long, BusinessCalendar?> calendars)
    {
        _calendars = calendars;
    }

    /// <summary>Loads every calendar once, because every evaluation in the unit of work shares these few rows.</summary>
    public static async Task<TicketClocks> LoadAsync(WatchkeeperDbContext db, CancellationToken cancellationToken)
    {
        var stored = await db.BusinessCalendars.AsNoTracking().ToListAsync(cancellationToken);
        return new TicketClocks(stored.ToDictionary(c => c.Id, c => (BusinessCalendar?)c.ToCalendar()));
    }

    /// <summary>
    /// Returns the calendar with the id. A calendar deleted since the terms were copied counts as the default one, so
    /// that working-time targets stay on working time.
    /// </summary>
    public BusinessCalendar? Calendar(long id) =>
        _calendars.GetValueOrDefault(id) ?? _calendars.GetValueOrDefault(Calendars.CalendarDefinition.DefaultId) ?? BusinessCalendar.Default();

    /// <summary>Evaluates a ticket whose clock activities are loaded (all of them, or at least those in <see cref="TicketClockHistory.ClockActions"/>).</summary>
    public SlaEvaluation Evaluate(Ticket ticket, DateTimeOffset now) =>
        SlaClocks.Evaluate(TicketClockHistory.From(ticket.Activities, Calendar), now);

    /// <summary>Evaluates the ticket and stores the summary the worker and the queues read.</summary>
    public SlaEvaluation Refresh(Ticket ticket, DateTimeOffset now)
    {
        var evaluation = Evaluate(ticket, now);
        ticket.UpdateClockSummary(evaluation, TicketClockHistory.ActedOn(ticket.Activities));
        return evaluation;
    }

    /// <summary>Whether the target of <paramref name="clock"/> in the ticket's current terms counts working time.</summary>
    public static bool IsBusinessHours(Ticket ticket, SlaClockKind clock) =>
        ticket.Terms.Targets.FirstOrDefault(t => t.Clock == clock)?.CalendarId is not null;
}
