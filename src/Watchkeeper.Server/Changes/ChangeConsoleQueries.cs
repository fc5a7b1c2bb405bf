using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Notifications;
using Watchkeeper.Server.Organizations;
using Watchkeeper.Server.Tickets;

namespace Watchkeeper.Server.Changes;

/// <summary>The lookups of the change console beyond the API's views: pickers, labels, the impact scope and the notice preview.</summary>
public sealed class ChangeConsoleQueries(WatchkeeperDbContext db, ChangeService changes, ChangeHealth health, ChangeNotices notices,
    OrganizationDirectory organizations, TicketConsoleQueries tickets)
{
    /// <summary>Returns the organizations visible to the current user, in tree order with their depth, for pickers.</summary>
    public async Task<IReadOnlyList<(Organization Organization, int Depth)>> OrganizationOptionsAsync(CancellationToken cancellationToken)
    {
        var tree = await organizations.GetVisibleTreeAsync(cancellationToken);
        var options = new List<(Organization, int)>();
        void Add(Organization organization, int depth)
        {
            options.Add((organization, depth));
            foreach (var child in tree.ChildrenOf(organization.Id))
            {
                Add(child, depth + 1);
            }
        }

        foreach (var root in tree.Roots)
        {
            Add(root, 0);
        }

        return options;
    }

    /// <summary>Returns the names of organizations by id, for any organization in the tree.</summary>
    public async Task<IReadOnlyDictionary<long, string>> OrganizationNamesAsync(IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        var tree = await organizations.GetTreeAsync(cancellationToken);
        return ids.Distinct().Select(tree.Find).OfType<Organization>().ToDictionary(o => o.Id, o => o.Name);
    }

    public Task<IReadOnlyList<TicketDeviceOption>> DevicesAsync(long organizationId, string? text, CancellationToken cancellationToken) =>
        tickets.DevicesAsync(organizationId, text, cancellationToken);

    public Task<IReadOnlyList<TicketDeviceOption>> DevicesByIdAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken) =>
        tickets.DevicesByIdAsync(ids, cancellationToken);

    /// <summary>Returns the active users by name, for the implementer, delegate and responsible person pickers.</summary>
    public Task<IReadOnlyList<TicketUserOption>> UsersAsync(CancellationToken cancellationToken) => tickets.AssigneesAsync(cancellationToken);

    /// <summary>Returns the devices the change touches after the topology expansion (a recorder's channels), or null when the change is not found.</summary>
    public async Task<IReadOnlyList<TicketDeviceOption>?> ScopeDevicesAsync(long changeId, CancellationToken cancellationToken)
    {
        var change = await changes.LoadAsync(changeId, cancellationToken);
        return change is null ? null : await tickets.DevicesByIdAsync(await health.ScopeAsync(db, change, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Returns the exact message a notice with these values sends, through the same formatter as the delivery, or null
    /// when the change is not found.
    /// </summary>
    public async Task<NotificationMessage?> PreviewNoticeAsync(long changeId, NoticeKind kind, DateTimeOffset windowStart, DateTimeOffset windowEnd,
        string scope, string countermeasures, string contact, CancellationToken cancellationToken)
    {
        var change = await changes.LoadAsync(changeId, cancellationToken);
        return change is null ? null : notices.Message(change, kind, windowStart, windowEnd, scope, countermeasures, contact);
    }

    /// <summary>Returns the technical implementation plan's versions, newest first, or an empty list when the change is not found.</summary>
    public async Task<IReadOnlyList<ChangePlanVersion>> PlanVersionsAsync(long changeId, CancellationToken cancellationToken)
    {
        var change = await changes.LoadAsync(changeId, cancellationToken);
        return change is null ? [] : [.. change.PlanVersions.OrderByDescending(v => v.Version)];
    }
}
