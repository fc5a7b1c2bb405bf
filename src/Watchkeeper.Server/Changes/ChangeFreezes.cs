using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Results;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Changes;

/// <summary>A new freeze period; organizationIds empty or missing covers every organization.</summary>
public sealed record ChangeFreezeInput(string? Name, DateTimeOffset? StartAt, DateTimeOffset? EndAt, IReadOnlyList<long>? OrganizationIds, string? Reason);

public sealed record ChangeFreezeView(long Id, string Name, DateTimeOffset StartAt, DateTimeOffset EndAt, IReadOnlyList<long> OrganizationIds, string Reason,
    string? CreatedBy, DateTimeOffset CreatedAt)
{
    public static ChangeFreezeView Of(ChangeFreezePeriod period) => new(period.Id, period.Name, period.StartAt, period.EndAt,
        [.. period.Organizations.Select(o => o.OrganizationId).Order()], period.Reason, period.CreatedBy, period.CreatedAt);
}

/// <summary>Keeps the freeze periods and finds the ones that a change's window and scope fall into.</summary>
/// <remarks>
/// A freeze on a city binds the stations below it, so a station's users must see it although the city is outside their
/// scope. The tree walk that decides this has no SQL form here, so the periods are scoped in memory instead of by a query
/// filter: a user sees a period for every organization, and one whose organizations' subtrees reach into their scope.
/// </remarks>
public sealed partial class ChangeFreezes(WatchkeeperDbContext db, OrganizationDirectory organizations, TimeProvider time, ILogger<ChangeFreezes> logger)
{
    /// <summary>The freeze periods that bind some organization in the caller's scope and overlap the range when given, earliest first.</summary>
    public async Task<IReadOnlyList<ChangeFreezeView>> ListAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var query = db.ChangeFreezePeriods.AsNoTracking().Include(f => f.Organizations).AsQueryable();
        if (from is { } start)
        {
            query = query.Where(f => f.EndAt > start);
        }

        if (to is { } end)
        {
            query = query.Where(f => f.StartAt < end);
        }

        var periods = await query.ToListAsync(cancellationToken);
        var visible = await VisibleAsync(periods, cancellationToken);
        return [.. visible.OrderBy(f => f.StartAt).ThenBy(f => f.Id).Select(ChangeFreezeView.Of)];
    }

    public async Task<Result<ChangeFreezeView>> CreateAsync(ChangeFreezeInput input, UserAccess caller, CancellationToken cancellationToken)
    {
        var errors = new List<Error>();
        var name = ChangeService.ReadText(input.Name, "name", ChangeLimits.NameLength, required: true, errors);
        var reason = ChangeService.ReadText(input.Reason, "reason", ChangeLimits.NoteLength, required: false, errors);
        if (input.StartAt is not { } start || input.EndAt is not { } end || end <= start)
        {
            errors.Add(ChangeCatalogErrors.FreezeWindowInvalid());
            start = end = default;
        }

        // The organization filter hides organizations outside the caller's scope, so a freeze cannot reach them.
        var organizationIds = (input.OrganizationIds ?? []).Distinct().ToList();
        var found = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).Select(o => o.Id).ToListAsync(cancellationToken);
        errors.AddRange(organizationIds.Except(found).Select(ChangeApiErrors.OrganizationNotFound));
        if (errors.Count > 0)
        {
            return Result<ChangeFreezeView>.Failure(errors);
        }

        var period = new ChangeFreezePeriod
        {
            Name = name,
            StartAt = start.ToUniversalTime(),
            EndAt = end.ToUniversalTime(),
            Reason = reason,
            Organizations = [.. organizationIds.Select(id => new ChangeFreezeOrganization { OrganizationId = id })],
            CreatedBy = caller.UserName,
            CreatedAt = time.GetUtcNow(),
        };
        db.ChangeFreezePeriods.Add(period);
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(period.Id, period.Name, period.StartAt, period.EndAt, caller.UserName);
        return ChangeFreezeView.Of(period);
    }

    public async Task<Result<long>> DeleteAsync(long id, UserAccess caller, CancellationToken cancellationToken)
    {
        var period = await db.ChangeFreezePeriods.Include(f => f.Organizations).FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        if (period is null || (await VisibleAsync([period], cancellationToken)).Count == 0)
        {
            return ChangeCatalogErrors.FreezeNotFound(id);
        }

        db.ChangeFreezePeriods.Remove(period);
        await db.SaveChangesAsync(cancellationToken);
        LogDeleted(id, period.Name, caller.UserName);
        return id;
    }

    private async Task<IReadOnlyList<ChangeFreezePeriod>> VisibleAsync(IReadOnlyList<ChangeFreezePeriod> periods, CancellationToken cancellationToken)
    {
        if (OrganizationScope.Current is not { IsUnrestricted: false } scope)
        {
            return periods;
        }

        var tree = await organizations.GetTreeAsync(cancellationToken);
        return [.. periods.Where(p => p.Organizations.Count == 0 || p.Organizations.SelectMany(o => tree.SubtreeIds(o.OrganizationId)).Any(id => scope.Includes(id)))];
    }

    /// <summary>
    /// Returns the freeze periods that overlap the window and cover the change's impact scope. A period covers it when it
    /// names no organization, or when its organizations' subtrees meet the change's organizations. Those are the subtrees
    /// of the organizations the change names and the organizations of the devices in its scope. Every period counts,
    /// whatever the caller's scope.
    /// </summary>
    internal static async Task<IReadOnlyList<ChangeFreezePeriod>> CoveringAsync(WatchkeeperDbContext db, OrganizationDirectory organizations,
        ChangeHealth health, ChangeRequest change, DateTimeOffset windowStart, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        var periods = await db.ChangeFreezePeriods.AsNoTracking().IgnoreOrganizationScope().Include(f => f.Organizations)
            .Where(f => f.StartAt < windowEnd && f.EndAt > windowStart).ToListAsync(cancellationToken);
        if (periods.Count == 0)
        {
            return [];
        }

        var scope = await health.ScopeAsync(db, change, cancellationToken);
        return await CoveringAsync(db, organizations, periods, change, scope, cancellationToken);
    }

    /// <summary>The periods of <paramref name="periods"/> that cover the change with the given device scope; the windows are not compared.</summary>
    internal static async Task<IReadOnlyList<ChangeFreezePeriod>> CoveringAsync(WatchkeeperDbContext db, OrganizationDirectory organizations,
        IReadOnlyList<ChangeFreezePeriod> periods, ChangeRequest change, IReadOnlyList<long> scope, CancellationToken cancellationToken)
    {
        if (periods.All(p => p.Organizations.Count == 0))
        {
            return periods;
        }

        var tree = await organizations.GetTreeAsync(cancellationToken);
        var affected = new HashSet<long>(change.OrganizationIds.SelectMany(tree.SubtreeIds));
        foreach (var batch in scope.Chunk(500))
        {
            affected.UnionWith(await db.Devices.AsNoTracking().IgnoreOrganizationScope().Where(d => batch.Contains(d.Id)).Select(d => d.OrganizationId)
                .Distinct().ToListAsync(cancellationToken));
        }

        return [.. periods.Where(p => p.Organizations.Count == 0 || p.Organizations.SelectMany(o => tree.SubtreeIds(o.OrganizationId)).Any(affected.Contains))];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Freeze period {FreezePeriodId} ({Name}, {StartAt} to {EndAt}) created by {User}")]
    private partial void LogCreated(long freezePeriodId, string name, DateTimeOffset startAt, DateTimeOffset endAt, string? user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Freeze period {FreezePeriodId} ({Name}) deleted by {User}")]
    private partial void LogDeleted(long freezePeriodId, string name, string? user);
}
