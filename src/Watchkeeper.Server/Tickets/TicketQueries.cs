using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Tickets;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Tickets;

/// <summary>Which tickets a list shows.</summary>
public sealed record TicketFilter(
    TicketQueue Queue = TicketQueue.All,
    IReadOnlyList<TicketState>? States = null,
    int? FaultLevel = null,
    long? OrganizationId = null,
    string? Text = null,
    bool OpenOnly = false);

public sealed record TicketPage(IReadOnlyList<TicketSummaryView> Items, int Page, int PageSize, int Total);

/// <summary>Reads tickets in the caller's organization scope: one with its live clocks, the queues, the log.</summary>
public sealed class TicketQueries(WatchkeeperDbContext db, OrganizationDirectory organizations, TimeProvider time)
{
    public const int MaxPageSize = 200;

    /// <summary>How far ahead the "breaching soon" queue looks.</summary>
    public static readonly TimeSpan BreachingSoonWindow = TimeSpan.FromHours(1);

    private static readonly TicketState[] s_open =
        [TicketState.New, TicketState.Assigned, TicketState.Accepted, TicketState.OnSite, TicketState.InProgress, TicketState.Paused];

    public async Task<TicketView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        var ticket = await db.Tickets.AsNoTracking().Include(t => t.Activities).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
        {
            return null;
        }

        var evaluation = (await TicketClocks.LoadAsync(db, cancellationToken)).Evaluate(ticket, time.GetUtcNow());
        var deviceIds = await db.TicketDevices.AsNoTracking().Where(x => x.TicketId == id).Select(x => x.DeviceId).OrderBy(x => x).ToListAsync(cancellationToken);
        var alarmIds = await db.TicketAlarms.AsNoTracking().Where(x => x.TicketId == id).Select(x => x.AlarmId).OrderBy(x => x).ToListAsync(cancellationToken);
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var assignee = await NamesAsync(ticket.AssigneeUserId is { } user ? [user] : [], cancellationToken);
        var clocks = evaluation.Clocks.Where(c => SlaClocks.IsServiceLevel(c.Kind)).Select(c => new TicketClockView(
            c.Kind, c.State, c.DueAt, (long)c.Elapsed.TotalSeconds, (long)c.Paused.TotalSeconds, c.Target is { } target ? (long)target.TotalSeconds : null,
            (long)c.BreachSize.TotalSeconds, TicketClocks.IsBusinessHours(ticket, c.Kind), c.StoppedAt)).ToList();

        return new TicketView(ticket.Id, ticket.Number, ticket.Title, ticket.Description, ticket.FaultLevel, ticket.Category, ticket.Source,
            ticket.CallPriority, ticket.State, ticket.PauseReason, ticket.OrganizationId, tree.Find(ticket.OrganizationId)?.Name ?? "", ticket.ContractId,
            ticket.AssigneeUserId, ticket.AssigneeUserId is { } id2 ? assignee.GetValueOrDefault(id2) : null, ticket.RequesterName, ticket.RequesterContact,
            ticket.LimitedService, ticket.ArrivalLocation, ticket.Cause, ticket.Solution, ticket.KnowledgeArticleId, ticket.Rating, ticket.RatingComment,
            ticket.Closure, ticket.MergedIntoTicketId, ticket.SplitFromTicketId, ticket.CreatedAt, ticket.CreatedBy, ticket.AcceptedAt, ticket.ArrivedAt,
            ticket.RestoredAt, ticket.ResolvedAt, ticket.ConfirmedAt, ticket.ClosedAt, deviceIds, alarmIds, clocks);
    }

    /// <summary>Returns the user id of the ticket's requester: the portal user who reported it, or null.</summary>
    public Task<string?> RequesterOfAsync(long id, CancellationToken cancellationToken) =>
        db.Tickets.Where(t => t.Id == id).Select(t => t.RequesterUserId).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Returns the ticket's log, oldest first, or null when the ticket is not visible.</summary>
    public async Task<IReadOnlyList<TicketActivityView>?> ActivitiesAsync(long id, CancellationToken cancellationToken)
    {
        if (!await db.Tickets.AnyAsync(t => t.Id == id, cancellationToken))
        {
            return null;
        }

        return await db.TicketActivities.AsNoTracking().Where(a => a.TicketId == id).OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => new TicketActivityView(a.Id, a.At, a.EffectiveAt, a.Actor, a.Action, a.Field, a.OldValue, a.NewValue, a.Note))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Lists a queue. Open queues put urgent calls first, then the most severe level, then the oldest. "Breaching soon"
    /// lists the nearest due time first, and "all" the newest first.
    /// </summary>
    public async Task<TicketPage> ListAsync(TicketFilter filter, string callerUserId, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var now = time.GetUtcNow();
        var soon = now + BreachingSoonWindow;

        var rows = db.Tickets.AsNoTracking();
        if (filter.OpenOnly || filter.Queue is not (TicketQueue.All or TicketQueue.Requested))
        {
            rows = rows.Where(t => s_open.Contains(t.State));
        }

        switch (filter.Queue)
        {
            case TicketQueue.Mine:
                rows = rows.Where(t => t.AssigneeUserId == callerUserId);
                break;
            case TicketQueue.Team:
                var teams = db.DutyTeams.Where(team => team.Members.Any(m => m.UserId == callerUserId)).Select(team => team.Id);
                var teamUsers = db.Set<Duty.DutyTeamMember>().Where(m => teams.Contains(m.TeamId)).Select(m => m.UserId);
                rows = rows.Where(t => t.AssigneeUserId != null && teamUsers.Contains(t.AssigneeUserId));
                break;
            case TicketQueue.Unassigned:
                rows = rows.Where(t => t.AssigneeUserId == null);
                break;
            case TicketQueue.BreachingSoon:
                rows = rows.Where(t => t.NextDueAt > now && t.NextDueAt <= soon);
                break;
            case TicketQueue.Breached:
                rows = rows.Where(t => t.IsBreached || t.NextDueAt <= now);
                break;
            case TicketQueue.Requested:
                rows = rows.Where(t => t.RequesterUserId == callerUserId);
                break;
        }

        if (filter.States is { Count: > 0 } states)
        {
            rows = rows.Where(t => states.Contains(t.State));
        }

        if (filter.FaultLevel is { } level)
        {
            rows = rows.Where(t => t.FaultLevel == level);
        }

        if (filter.OrganizationId is { } organizationId)
        {
            var subtree = (await organizations.GetTreeAsync(cancellationToken)).SubtreeIds(organizationId).ToList();
            rows = rows.Where(t => subtree.Contains(t.OrganizationId));
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            rows = rows.Where(t => t.Number.Contains(text) || t.Title.Contains(text) || t.RequesterName.Contains(text));
        }

        var total = await rows.CountAsync(cancellationToken);
        var ordered = filter.Queue switch
        {
            TicketQueue.BreachingSoon => rows.OrderBy(t => t.NextDueAt).ThenBy(t => t.Id),
            TicketQueue.All or TicketQueue.Requested => rows.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
            _ => rows.OrderByDescending(t => t.CallPriority == CallPriority.Urgent).ThenBy(t => t.FaultLevel).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id),
        };
        var items = await ordered.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);

        var tree = await organizations.GetTreeAsync(cancellationToken);
        var names = await NamesAsync(items.Where(t => t.AssigneeUserId is not null).Select(t => t.AssigneeUserId!).Distinct().ToList(), cancellationToken);
        return new TicketPage([.. items.Select(t => new TicketSummaryView(t.Id, t.Number, t.Title, t.FaultLevel, t.Category, t.Source, t.CallPriority,
            t.State, t.OrganizationId, tree.Find(t.OrganizationId)?.Name ?? "", t.AssigneeUserId,
            t.AssigneeUserId is { } user ? names.GetValueOrDefault(user) : null, t.LimitedService, t.IsBreached, t.NextDueAt, t.CreatedAt))],
            page, pageSize, total);
    }

    private async Task<Dictionary<string, string>> NamesAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return [];
        }

        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName ?? u.UserName ?? u.Id }).ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.Id, u => u.Name);
    }
}
