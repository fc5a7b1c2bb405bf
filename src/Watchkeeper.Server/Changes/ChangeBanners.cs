using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Changes;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Identity.Access;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Changes;

/// <summary>A change's notice in force, as the console and portal banners show it.</summary>
public sealed record ChangeBanner(long ChangeId, string Number, string Title, NoticeKind Kind, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    string ImpactScope, string Countermeasures, string Contact, DateTimeOffset SentAt);

/// <summary>
/// Finds the advance notices (申请和预告) to show as banners: the notice in force of each change that is neither cancelled
/// nor closed, whose window is running now or starts within <see cref="Horizon"/>, and whose scope reaches the user's organizations.
/// </summary>
public sealed class ChangeBanners(WatchkeeperDbContext db, OrganizationDirectory organizations, TimeProvider time)
{
    /// <summary>How far ahead a notice's window may start and still show.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(7);

    /// <summary>
    /// Returns the banners for a user with <paramref name="scope"/>, soonest window first. A correction or extension
    /// replaces the earlier text because only the newest notice of a change is in force.
    /// </summary>
    /// <remarks>
    /// A user sees a notice when the change touches a device of one of the user's organizations, touches one of those
    /// organizations, or touches a whole organization above the user's. The change's own organization filter is
    /// skipped on purpose: a station's user must see a notice for the whole city, which belongs to the city.
    /// </remarks>
    public async Task<IReadOnlyList<ChangeBanner>> ListAsync(OrganizationScope scope, CancellationToken cancellationToken)
    {
        if (!scope.IsUnrestricted && scope.OrganizationIds.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var until = now + Horizon;
        var changes = await db.ChangeRequests.AsNoTracking().IgnoreOrganizationScope().Include(c => c.Notices)
            .Where(c => c.State != ChangeState.Cancelled && c.State != ChangeState.Closed && c.State != ChangeState.Reviewed
                && c.Notices.Any(n => n.WindowEnd > now && n.WindowStart < until))
            .AsSplitQuery().ToListAsync(cancellationToken);

        var banners = changes
            .Select(c => (Change: c, Notice: c.CurrentNotice))
            .Where(x => x.Notice is { } notice && notice.WindowEnd > now && notice.WindowStart < until)
            .ToList();
        if (!scope.IsUnrestricted && banners.Count > 0)
        {
            var reach = await ReachAsync(scope, [.. banners.Select(b => b.Change)], cancellationToken);
            banners = [.. banners.Where(b => reach.Contains(b.Change.Id))];
        }

        return [.. banners.OrderBy(b => b.Notice!.WindowStart).ThenBy(b => b.Change.Id)
            .Select(b => new ChangeBanner(b.Change.Id, b.Change.Number, b.Change.Title, b.Notice!.Kind, b.Notice.WindowStart, b.Notice.WindowEnd,
                b.Notice.ImpactScope, b.Notice.Countermeasures, b.Notice.Contact, b.Notice.SentAt))];
    }

    /// <summary>Returns the ids of the changes whose scope reaches an organization in <paramref name="scope"/>.</summary>
    private async Task<HashSet<long>> ReachAsync(OrganizationScope scope, IReadOnlyList<ChangeRequest> changes, CancellationToken cancellationToken)
    {
        var deviceIds = changes.SelectMany(c => c.DeviceIds).Distinct().ToList();
        var deviceOrganizations = await db.Devices.AsNoTracking().IgnoreOrganizationScope().Where(d => deviceIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => d.OrganizationId, cancellationToken);
        var tree = await organizations.GetTreeAsync(cancellationToken);
        var reached = new HashSet<long>();
        foreach (var change in changes)
        {
            var devices = change.DeviceIds.Where(deviceOrganizations.ContainsKey).Select(id => deviceOrganizations[id]);
            var wholeOrganizations = change.OrganizationIds.SelectMany(tree.SubtreeIds);
            if (devices.Concat(change.OrganizationIds).Concat(wholeOrganizations).Any(scope.OrganizationIds.Contains))
            {
                reached.Add(change.Id);
            }
        }

        return reached;
    }
}
