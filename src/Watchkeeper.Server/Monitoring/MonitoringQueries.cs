using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Monitoring;

/// <summary>The latest outcome of one probe of a device, with its findings parsed back.</summary>
public sealed record ProbeResultView(
    ProbeKind Kind,
    ProbeStatus Status,
    ProbeReason Reason,
    string Detail,
    int LatencyMilliseconds,
    DateTimeOffset CheckedAt,
    IReadOnlyList<Finding> Findings);

/// <summary>A stretch of time in one health state. <see cref="EndAt"/> is null while it lasts.</summary>
public sealed record StateIntervalView(long Id, HealthState State, DateTimeOffset StartAt, DateTimeOffset? EndAt)
{
    public TimeSpan DurationUntil(DateTimeOffset now) => (EndAt ?? now) - StartAt;
}

public sealed record StateIntervalPage(IReadOnlyList<StateIntervalView> Items, int Page, int PageSize, int TotalCount);

/// <summary>A device's move into a new health state. <see cref="From"/> is null for its first known state.</summary>
public sealed record StateChangeView(long DeviceId, string DeviceCode, string DeviceName, DeviceKind Kind, HealthState? From, HealthState To, DateTimeOffset At);

/// <summary>Reads what monitoring stored: latest probe results and state intervals, for the console.</summary>
public sealed class MonitoringQueries(WatchkeeperDbContext db, OrganizationDirectory organizations)
{
    public const int MaxPageSize = 500;

    /// <summary>Returns the latest result of each probe kind that ran for the device, in probe kind order.</summary>
    public async Task<IReadOnlyList<ProbeResultView>> LatestResultsAsync(long deviceId, CancellationToken cancellationToken)
    {
        var rows = await db.LatestProbeResults.AsNoTracking().Where(r => r.DeviceId == deviceId).ToListAsync(cancellationToken);
        return rows
            .OrderBy(r => r.Kind)
            .Select(r => new ProbeResultView(r.Kind, r.Status, r.Reason, r.Detail, r.LatencyMilliseconds, r.CheckedAt, MonitoringStore.ParseFindings(r.Findings)))
            .ToList();
    }

    /// <summary>Returns one page of the device's state intervals, newest first.</summary>
    public async Task<StateIntervalPage> TimelineAsync(long deviceId, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Max(page, 1);
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);

        var intervals = db.StateIntervals.AsNoTracking().Where(i => i.DeviceId == deviceId);
        var total = await intervals.CountAsync(cancellationToken);
        var items = await intervals
            .OrderByDescending(i => i.StartAt).ThenByDescending(i => i.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(i => new StateIntervalView(i.Id, i.State, i.StartAt, i.EndAt))
            .ToListAsync(cancellationToken);
        return new StateIntervalPage(items, page, pageSize, total);
    }

    /// <summary>Returns the newest state changes of the devices in an organization's subtree (or of every device).</summary>
    public async Task<IReadOnlyList<StateChangeView>> RecentStateChangesAsync(long? organizationId, int count, CancellationToken cancellationToken)
    {
        count = Math.Clamp(count, 1, MaxPageSize);
        var devices = db.Devices.AsNoTracking();
        if (organizationId is { } id)
        {
            var ids = (await organizations.GetTreeAsync(cancellationToken)).SubtreeIds(id);
            devices = devices.Where(d => ids.Contains(d.OrganizationId));
        }

        // Each interval after the first starts where the device's previous interval (the next lower id) ended.
        return await (from i in db.StateIntervals.AsNoTracking()
                      join d in devices on i.DeviceId equals d.Id
                      orderby i.StartAt descending, i.Id descending
                      select new StateChangeView(
                          d.Id, d.Code, d.Name, d.Kind,
                          db.StateIntervals.Where(p => p.DeviceId == i.DeviceId && p.Id < i.Id)
                              .OrderByDescending(p => p.Id).Select(p => (HealthState?)p.State).FirstOrDefault(),
                          i.State, i.StartAt))
            .Take(count)
            .ToListAsync(cancellationToken);
    }
}
