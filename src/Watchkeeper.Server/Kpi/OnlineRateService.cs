using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Kpi;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Devices;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Kpi;

public sealed record OnlineRateResponse(
    double? OnlineRate,
    double OnlineSeconds,
    double OfflineSeconds,
    double MonitoredSeconds,
    int DeviceCount,
    DateTimeOffset From,
    DateTimeOffset To,
    long? OrganizationId,
    string Scope);

public sealed record OrganizationOnlineRate(long OrganizationId, string Name, double? OnlineRate, int DeviceCount);

/// <summary>The online rate of an organization's subtree (or of every camera point), and of each child's subtree.</summary>
public sealed record OnlineRateBreakdown(OnlineRateResponse Total, IReadOnlyList<OrganizationOnlineRate> Organizations);

/// <summary>
/// Computes the online rate (在线率) exactly from the stored state intervals: online time ÷ monitored time, over
/// camera points by default or over one device kind.
/// </summary>
public sealed class OnlineRateService(WatchkeeperDbContext db, OrganizationDirectory organizations, TimeProvider time)
{
    public async Task<OnlineRateResponse> ComputeAsync(DateTimeOffset from, DateTimeOffset to, long? organizationId, DeviceKind? kind, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var accumulator = new OnlineRateAccumulator(from, to, now);
        var tree = await organizations.GetVisibleTreeAsync(cancellationToken);
        await foreach (var row in IntervalsAsync(from, to, organizationId is { } id ? tree.SubtreeIds(id) : null, kind).WithCancellation(cancellationToken))
        {
            accumulator.Add(row.DeviceId, row.State, row.StartAt, row.EndAt);
        }

        var rate = accumulator.Result();
        return new OnlineRateResponse(rate.Rate, rate.OnlineTime.TotalSeconds, rate.OfflineTime.TotalSeconds, rate.MonitoredTime.TotalSeconds,
            rate.DeviceCount, from, to, organizationId, kind?.ToString() ?? "CameraPoints");
    }

    /// <summary>Returns the online rate of each child of <paramref name="parentId"/> (or of each root), over its subtree.</summary>
    public async Task<IReadOnlyList<OrganizationOnlineRate>> ByOrganizationAsync(DateTimeOffset from, DateTimeOffset to, long? parentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tree = await organizations.GetVisibleTreeAsync(cancellationToken);
        var groups = parentId is { } parent ? tree.ChildrenOf(parent) : tree.Roots;
        var accumulators = groups.ToDictionary(g => g.Id, _ => new OnlineRateAccumulator(from, to, now));
        var groupOf = new Dictionary<long, long>();
        foreach (var group in groups)
        {
            foreach (var id in tree.SubtreeIds(group.Id))
            {
                groupOf[id] = group.Id;
            }
        }

        await foreach (var row in IntervalsAsync(from, to, groupOf.Keys.ToList(), null).WithCancellation(cancellationToken))
        {
            if (groupOf.TryGetValue(row.OrganizationId, out var groupId))
            {
                accumulators[groupId].Add(row.DeviceId, row.State, row.StartAt, row.EndAt);
            }
        }

        return groups.Select(g =>
        {
            var rate = accumulators[g.Id].Result();
            return new OrganizationOnlineRate(g.Id, g.Name, rate.Rate, rate.DeviceCount);
        }).ToList();
    }

    /// <summary>
    /// Returns the camera-point online rate under <paramref name="parentId"/> (or over every camera point) and under
    /// each of its children (or each root), reading the period's intervals once for both.
    /// </summary>
    public async Task<OnlineRateBreakdown> BreakdownAsync(DateTimeOffset from, DateTimeOffset to, long? parentId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tree = await organizations.GetVisibleTreeAsync(cancellationToken);
        var groups = parentId is { } parent ? tree.ChildrenOf(parent) : tree.Roots;
        var total = new OnlineRateAccumulator(from, to, now);
        var accumulators = groups.ToDictionary(g => g.Id, _ => new OnlineRateAccumulator(from, to, now));
        var groupOf = new Dictionary<long, long>();
        foreach (var group in groups)
        {
            foreach (var id in tree.SubtreeIds(group.Id))
            {
                groupOf[id] = group.Id;
            }
        }

        var scope = parentId is { } scopeId ? tree.SubtreeIds(scopeId) : null;
        await foreach (var row in IntervalsAsync(from, to, scope, null).WithCancellation(cancellationToken))
        {
            total.Add(row.DeviceId, row.State, row.StartAt, row.EndAt);
            if (groupOf.TryGetValue(row.OrganizationId, out var groupId))
            {
                accumulators[groupId].Add(row.DeviceId, row.State, row.StartAt, row.EndAt);
            }
        }

        var rate = total.Result();
        var response = new OnlineRateResponse(rate.Rate, rate.OnlineTime.TotalSeconds, rate.OfflineTime.TotalSeconds, rate.MonitoredTime.TotalSeconds,
            rate.DeviceCount, from, to, parentId, "CameraPoints");
        return new OnlineRateBreakdown(response, groups.Select(g =>
        {
            var groupRate = accumulators[g.Id].Result();
            return new OrganizationOnlineRate(g.Id, g.Name, groupRate.Rate, groupRate.DeviceCount);
        }).ToList());
    }

    private IAsyncEnumerable<IntervalRow> IntervalsAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, IReadOnlyList<long>? organizationIds, DeviceKind? kind)
    {
        var devices = db.Devices.AsNoTracking();
        if (organizationIds is not null)
        {
            devices = devices.Where(d => organizationIds.Contains(d.OrganizationId));
        }

        devices = kind is { } k ? devices.Where(d => d.Kind == k) : devices.CameraPoints(db);

        return (from i in db.StateIntervals.AsNoTracking()
                join d in devices on i.DeviceId equals d.Id
                where i.StartAt < periodEnd && (i.EndAt == null || i.EndAt > periodStart)
                select new IntervalRow(i.DeviceId, d.OrganizationId, i.State, i.StartAt, i.EndAt)).AsAsyncEnumerable();
    }

    private sealed record IntervalRow(long DeviceId, long OrganizationId, Core.Monitoring.HealthState State, DateTimeOffset StartAt, DateTimeOffset? EndAt);
}
