using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Duty;

namespace Watchkeeper.Server.Tickets;

/// <summary>
/// Automatic assignment: picks among the users on duty for the ticket's organization now (the duty roster), preferring
/// those skilled in the ticket's category, then the lowest workload (open tickets assigned), then the name.
/// </summary>
public sealed partial class TicketAssigner(WatchkeeperDbContext db, IDutyRoster roster, ILogger<TicketAssigner> logger)
{
    /// <summary>The states in which a ticket counts towards its assignee's workload.</summary>
    internal static readonly TicketState[] OpenStates =
        [TicketState.New, TicketState.Assigned, TicketState.Accepted, TicketState.OnSite, TicketState.InProgress, TicketState.Paused];

    /// <summary>
    /// Assigns <paramref name="ticket"/> to the best engineer on duty, or transfers it when it has an assignee. With nobody
    /// (else) on duty the ticket stays as it is and its log records why, so the unassigned escalation takes over.
    /// </summary>
    public async Task<Result> AssignAsync(Ticket ticket, string? actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ticket.State is not (TicketState.New or TicketState.Assigned or TicketState.Accepted or TicketState.OnSite or TicketState.InProgress))
        {
            return TicketErrors.IllegalTransition(ticket.Id, ticket.State, "autoAssign");
        }

        var candidates = await RankAsync(ticket, now, cancellationToken);
        if (candidates.Count == 0)
        {
            LogNobodyOnDuty(ticket.Id, ticket.OrganizationId);
            return ticket.Comment(Bilingual.Join(
                $"自动指派未执行：组织 {ticket.OrganizationId} 当前没有{(ticket.AssigneeUserId is null ? "" : "其他")}值班人员，工单保持原状，由未指派升级处理。",
                $"Automatic assignment found nobody {(ticket.AssigneeUserId is null ? "" : "else ")}on duty for organization {ticket.OrganizationId}; " +
                "the ticket stays as it is for the unassigned escalation."), actor, now);
        }

        var pick = candidates[0];
        var note = Bilingual.Join(
            $"自动指派：{pick.Name}（{(pick.Skilled ? $"具备“{ticket.Category}”技能" : "无匹配技能")}，未结工单 {pick.Workload} 张）。",
            $"Assigned automatically to {pick.Name} ({(pick.Skilled ? $"skilled in {ticket.Category}" : "no matching skill")}, {pick.Workload} open tickets).");
        var result = ticket.Assign(pick.UserId, actor, now, note);
        if (result.IsSuccess)
        {
            LogAssigned(ticket.Id, pick.UserId, pick.Skilled, pick.Workload);
        }

        return result;
    }

    /// <summary>Returns the users on duty for the ticket, best first, without its current assignee.</summary>
    internal async Task<IReadOnlyList<AssignmentCandidate>> RankAsync(Ticket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var onDuty = await roster.OnDutyAsync(ticket.OrganizationId, now, cancellationToken);
        var users = onDuty.Shifts.SelectMany(s => s.Users).DistinctBy(u => u.Id).Where(u => u.Id != ticket.AssigneeUserId).ToList();
        if (users.Count == 0)
        {
            return [];
        }

        var ids = users.Select(u => u.Id).ToList();
        var category = ticket.Category;
        var skilled = await db.EngineerSkills.AsNoTracking().Where(s => ids.Contains(s.UserId) && s.Category == category)
            .Select(s => s.UserId).ToListAsync(cancellationToken);

        // Workload counts every open ticket of the engineer, also those outside the caller's organization scope.
        var ticketId = ticket.Id;
        var workload = await db.Tickets.IgnoreOrganizationScope().AsNoTracking()
            .Where(t => t.AssigneeUserId != null && ids.Contains(t.AssigneeUserId) && OpenStates.Contains(t.State) && t.Id != ticketId)
            .GroupBy(t => t.AssigneeUserId!).Select(g => new { UserId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.UserId, g => g.Count, cancellationToken);

        return [.. users
            .Select(u => new AssignmentCandidate(u.Id, u.DisplayName ?? u.UserName, skilled.Contains(u.Id), workload.GetValueOrDefault(u.Id)))
            .OrderByDescending(c => c.Skilled).ThenBy(c => c.Workload).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.UserId, StringComparer.Ordinal)];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket {TicketId} assigned automatically to {UserId} (skilled: {Skilled}, open tickets: {Workload})")]
    private partial void LogAssigned(long ticketId, string userId, bool skilled, int workload);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket {TicketId} stays unassigned: nobody is on duty for organization {OrganizationId}")]
    private partial void LogNobodyOnDuty(long ticketId, long organizationId);
}

/// <summary>A user on duty as automatic assignment ranks them.</summary>
internal sealed record AssignmentCandidate(string UserId, string Name, bool Skilled, int Workload);
