using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Changes;
using Watchkeeper.Server.Identity.Access;

namespace Watchkeeper.Server.Changes;

/// <summary>The change list's filter: state, type, a period that the planned window overlaps, and text in the number or title.</summary>
public sealed record ChangeListFilter(ChangeState? State = null, ChangeType? Type = null, DateTimeOffset? From = null, DateTimeOffset? To = null,
    string? Text = null);

/// <summary>A change waiting for the signed-in user's decision, with the steps and the approver the user decides for.</summary>
public sealed record ChangeApprovalItem(long ChangeId, string Number, string Title, ChangeType Type, IReadOnlyList<string> Steps, string? OnBehalfOfUserId,
    DateTimeOffset WaitingSince, DateTimeOffset PlannedStart, DateTimeOffset PlannedEnd, int Round);

public sealed partial class ChangeQueries
{
    /// <summary>Returns the changes matching <paramref name="filter"/>, newest first, for the console's list and the API.</summary>
    public async Task<IReadOnlyList<ChangeSummaryView>> ListAsync(ChangeListFilter filter, int limit, CancellationToken cancellationToken)
    {
        var query = db.ChangeRequests.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(c => c.Number.Contains(text) || c.Title.Contains(text));
        }

        if (filter.State is { } state)
        {
            query = query.Where(c => c.State == state);
        }

        if (filter.Type is { } type)
        {
            query = query.Where(c => c.Type == type);
        }

        if (filter.From is { } from)
        {
            query = query.Where(c => c.PlannedEnd > from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(c => c.PlannedStart < to);
        }

        return await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(Math.Clamp(limit, 1, MaxPageSize))
            .Select(c => new ChangeSummaryView(c.Id, c.Number, c.Type, c.State, c.Title, c.OrganizationId, c.PlannedStart, c.PlannedEnd, c.ImplementerUserId,
                c.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The approvals inbox: the changes in the caller's scope with a current step the caller may decide, as an approver
    /// or as a delegate, longest waiting first.
    /// </summary>
    public async Task<IReadOnlyList<ChangeApprovalItem>> PendingApprovalsAsync(UserAccess caller, CancellationToken cancellationToken)
    {
        var candidates = await db.ChangeRequests.AsNoTracking().Include(c => c.Approvals).Include(c => c.Delegations)
            .Where(c => c.ApprovedAt == null && (c.State == ChangeState.PendingApproval || (c.Type == ChangeType.Emergency
                && (c.State == ChangeState.PermitIssued || c.State == ChangeState.InProgress || c.State == ChangeState.Closed))))
            .AsSplitQuery().ToListAsync(cancellationToken);

        var approver = new ApproverIdentity(caller.UserId, caller.Roles);
        var items = new List<ChangeApprovalItem>();
        foreach (var change in candidates)
        {
            var pending = change.Pending(approver);
            if (pending.Count == 0)
            {
                continue;
            }

            items.Add(new ChangeApprovalItem(change.Id, change.Number, change.Title, change.Type, [.. pending.Select(p => p.Step.Name).Distinct()],
                pending.Select(p => p.OnBehalfOf).FirstOrDefault(o => o is not null), change.StepsWaitingSince ?? change.SubmittedAt ?? change.CreatedAt,
                change.PlannedStart, change.PlannedEnd, change.ApprovalRound));
        }

        return [.. items.OrderBy(i => i.WaitingSince).ThenBy(i => i.ChangeId)];
    }
}
