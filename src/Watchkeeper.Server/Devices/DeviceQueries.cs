using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Devices;

/// <summary>Filters of the device list; every filter is optional.</summary>
public sealed record DeviceFilter
{
    /// <summary>Includes the organization's descendants.</summary>
    public long? OrganizationId { get; init; }

    public DeviceKind? Kind { get; init; }

    public HealthState? State { get; init; }

    public string? Vendor { get; init; }

    /// <summary>Matches the start of the code, or any part of the name or IP address.</summary>
    public string? Search { get; init; }

    public long? ParentId { get; init; }
}

/// <summary>The device list with server-side paging, for the API and the console.</summary>
public sealed class DeviceQueries(WatchkeeperDbContext db, OrganizationDirectory organizations)
{
    public const int MaxPageSize = 500;

    public async Task<DevicePage> ListAsync(DeviceFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(page, 1);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var tree = await organizations.GetTreeAsync(cancellationToken);

        var devices = Filter(db.Devices.AsNoTracking(), filter, tree);
        if (filter.State is { } state)
        {
            // A device without a health row has never been probed: it is Unknown.
            var health = db.DeviceHealth.AsNoTracking();
            devices = state == HealthState.Unknown
                ? devices.Where(d => !health.Any(h => h.DeviceId == d.Id && h.State != HealthState.Unknown))
                : devices.Where(d => health.Any(h => h.DeviceId == d.Id && h.State == state));
        }

        // Count and page the devices alone, then read the health of the page's rows: joining the health table
        // before paging makes a deep page read every row it skips twice.
        var total = await devices.CountAsync(cancellationToken);
        var items = await devices.OrderBy(d => d.Code)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        var ids = items.Select(d => d.Id).ToList();
        var healths = await db.DeviceHealth.AsNoTracking().Where(h => ids.Contains(h.DeviceId)).ToDictionaryAsync(h => h.DeviceId, cancellationToken);

        return new DevicePage(
            items.Select(d => DeviceResponse.From(d, healths.GetValueOrDefault(d.Id), tree.PathOf(d.OrganizationId))).ToList(),
            page, pageSize, total);
    }

    /// <summary>Applies every filter except <see cref="DeviceFilter.State"/>, which needs the health table.</summary>
    internal static IQueryable<Device> Filter(IQueryable<Device> devices, DeviceFilter filter, OrganizationTree tree)
    {
        if (filter.OrganizationId is { } organizationId)
        {
            var ids = tree.SubtreeIds(organizationId);
            devices = devices.Where(d => ids.Contains(d.OrganizationId));
        }

        if (filter.Kind is { } kind)
        {
            devices = devices.Where(d => d.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(filter.Vendor))
        {
            var vendor = filter.Vendor.Trim();
            devices = devices.Where(d => d.Vendor == vendor);
        }

        if (filter.ParentId is { } parentId)
        {
            devices = devices.Where(d => d.ParentId == parentId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var text = filter.Search.Trim();
            devices = devices.Where(d => d.Code.StartsWith(text) || d.Name.Contains(text) || (d.IpAddress != null && d.IpAddress.StartsWith(text)));
        }

        return devices;
    }

    /// <summary>Counts the devices of an organization's subtree (or of the whole ledger) by health state.</summary>
    public async Task<DeviceStateCounts> StateCountsAsync(long? organizationId, DeviceScope scope, CancellationToken cancellationToken)
    {
        var byOrganization = await CountByOrganizationAsync(scope, cancellationToken);
        if (organizationId is not { } id)
        {
            return byOrganization.Values.Aggregate(DeviceStateCounts.Zero, (sum, counts) => sum.Add(counts));
        }

        var tree = await organizations.GetTreeAsync(cancellationToken);
        return Sum(byOrganization, tree.SubtreeIds(id));
    }

    /// <summary>
    /// Counts the devices by health state under <paramref name="parentId"/> (or in the whole ledger) and under each
    /// of its children (or each root), every count over a whole subtree.
    /// </summary>
    public async Task<StateCountBreakdown> StateCountsByOrganizationAsync(long? parentId, DeviceScope scope, CancellationToken cancellationToken)
    {
        var byOrganization = await CountByOrganizationAsync(scope, cancellationToken);
        var tree = await organizations.GetVisibleTreeAsync(cancellationToken);
        var total = parentId is { } id
            ? Sum(byOrganization, tree.SubtreeIds(id))
            : byOrganization.Values.Aggregate(DeviceStateCounts.Zero, (sum, counts) => sum.Add(counts));
        var groups = parentId is { } parent ? tree.ChildrenOf(parent) : tree.Roots;
        return new StateCountBreakdown(total, groups.Select(g => new OrganizationStateCounts(g.Id, g.Name, Sum(byOrganization, tree.SubtreeIds(g.Id)))).ToList());
    }

    /// <summary>
    /// Counts devices per organization (without descendants) and health state in one GROUP BY, so that the
    /// console never loads devices to count them. Organizations without devices are left out.
    /// </summary>
    public async Task<Dictionary<long, DeviceStateCounts>> CountByOrganizationAsync(DeviceScope scope, CancellationToken cancellationToken)
    {
        var devices = db.Devices.AsNoTracking();
        if (scope == DeviceScope.CameraPoints)
        {
            devices = devices.CameraPoints(db);
        }

        var rows = await (from d in devices
                          join h in db.DeviceHealth.AsNoTracking() on d.Id equals h.DeviceId into healths
                          from h in healths.DefaultIfEmpty()
                          group d by new { d.OrganizationId, State = h == null ? HealthState.Unknown : h.State } into g
                          select new { g.Key.OrganizationId, g.Key.State, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var result = new Dictionary<long, DeviceStateCounts>();
        foreach (var row in rows)
        {
            result[row.OrganizationId] = result.GetValueOrDefault(row.OrganizationId, DeviceStateCounts.Zero).Add(row.State, row.Count);
        }

        return result;
    }

    private static DeviceStateCounts Sum(Dictionary<long, DeviceStateCounts> byOrganization, IEnumerable<long> organizationIds) =>
        organizationIds.Aggregate(DeviceStateCounts.Zero, (sum, id) => byOrganization.TryGetValue(id, out var counts) ? sum.Add(counts) : sum);

    /// <summary>Returns the distinct vendors in the ledger, for the console's filter.</summary>
    public async Task<IReadOnlyList<string>> VendorsAsync(CancellationToken cancellationToken) =>
        await db.Devices.AsNoTracking().Where(d => d.Vendor != null).Select(d => d.Vendor!).Distinct().OrderBy(v => v).Take(500).ToListAsync(cancellationToken);
}
