using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Notifications.Routing;

/// <summary>Named sets of users that rules and escalation steps notify together.</summary>
public sealed class ReceiverGroupService(WatchkeeperDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<ReceiverGroupView>> ListAsync(CancellationToken cancellationToken) =>
        (await db.ReceiverGroups.AsNoTracking().OrderBy(g => g.Name).ToListAsync(cancellationToken)).Select(ToView).ToList();

    public async Task<ReceiverGroupView?> GetAsync(long id, CancellationToken cancellationToken) =>
        await db.ReceiverGroups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, cancellationToken) is { } group ? ToView(group) : null;

    public async Task<Result<ReceiverGroupView>> CreateAsync(ReceiverGroupInput input, CancellationToken cancellationToken)
    {
        var group = new ReceiverGroup { Name = "", CreatedAt = time.GetUtcNow() };
        return await SaveAsync(group, input, isNew: true, cancellationToken);
    }

    public async Task<Result<ReceiverGroupView>> UpdateAsync(long id, ReceiverGroupInput input, CancellationToken cancellationToken)
    {
        var group = await db.ReceiverGroups.FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        return group is null ? RoutingErrors.GroupNotFound(id) : await SaveAsync(group, input, isNew: false, cancellationToken);
    }

    public async Task<Result> DeleteAsync(long id, CancellationToken cancellationToken)
    {
        var group = await db.ReceiverGroups.FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (group is null)
        {
            return RoutingErrors.GroupNotFound(id);
        }

        // Rules keep group ids in a JSON list, so the database cannot enforce the reference.
        var users = (await db.NotificationRules.IgnoreOrganizationScope().AsNoTracking().ToListAsync(cancellationToken))
            .Where(r => r.GroupIds.Contains(id)).Select(r => r.Name).ToList();
        if (users.Count > 0)
        {
            return RoutingErrors.InUse("通知组 / Receiver group", id, users);
        }

        db.ReceiverGroups.Remove(group);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success();
    }

    private async Task<Result<ReceiverGroupView>> SaveAsync(ReceiverGroup group, ReceiverGroupInput input, bool isNew, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var name = RoutingReferences.Name(input.Name, ReceiverGroup.MaxNameLength);
        if (!name.IsSuccess)
        {
            errors.AddRange(name.Errors);
        }
        else if (await db.ReceiverGroups.AnyAsync(g => g.Name == name.Value && g.Id != group.Id, cancellationToken))
        {
            errors.Add(RoutingErrors.NameDuplicate(name.Value));
        }

        var userIds = RoutingReferences.Ids(input.UserIds);
        RoutingReferences.CheckCount(userIds.Count, "userIds", errors);
        await RoutingReferences.CheckUsersAsync(db, userIds, "userIds", errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<ReceiverGroupView>.Failure(errors);
        }

        group.Name = name.Value;
        group.UserIds = userIds;
        group.UpdatedAt = time.GetUtcNow();
        if (isNew)
        {
            db.ReceiverGroups.Add(group);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ToView(group);
    }

    private static ReceiverGroupView ToView(ReceiverGroup group) => new(group.Id, group.Name, group.UserIds, group.CreatedAt, group.UpdatedAt);
}
