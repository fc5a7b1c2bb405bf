using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Alarms;
using Watchkeeper.Core.Changes;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;
using Watchkeeper.Server.Organizations;

namespace Watchkeeper.Server.Changes;

/// <summary>
/// The impact scope of a change on the device topology, and its devices' health: reachable or not, open alarms, and
/// the problems the latest picture diagnosis found.
/// </summary>
public sealed class ChangeHealth(OrganizationDirectory organizations)
{
    /// <summary>
    /// The devices a change touches: those it names and everything below them (a recorder's channels), and every device
    /// of the organizations it names, with their sub-organizations.
    /// </summary>
    public async Task<IReadOnlyList<long>> ScopeAsync(WatchkeeperDbContext db, ChangeRequest change, CancellationToken cancellationToken)
    {
        var scope = new HashSet<long>(change.DeviceIds);
        if (change.OrganizationIds.Count > 0)
        {
            var tree = await organizations.GetTreeAsync(cancellationToken);
            var subtree = change.OrganizationIds.SelectMany(tree.SubtreeIds).Distinct().ToList();
            scope.UnionWith(await db.Devices.AsNoTracking().IgnoreOrganizationScope().Where(d => subtree.Contains(d.OrganizationId))
                .Select(d => d.Id).ToListAsync(cancellationToken));
        }

        // Walks down the parent links a level at a time; the depth of a real topology is small.
        var frontier = scope.ToList();
        while (frontier.Count > 0)
        {
            var children = await db.Devices.AsNoTracking().IgnoreOrganizationScope()
                .Where(d => d.ParentId != null && frontier.Contains(d.ParentId.Value)).Select(d => d.Id).ToListAsync(cancellationToken);
            frontier = [.. children.Where(scope.Add)];
        }

        return [.. scope.Order()];
    }

    public static async Task<IReadOnlyList<DeviceHealthSnapshot>> SnapshotAsync(WatchkeeperDbContext db, IReadOnlyList<long> deviceIds,
        CancellationToken cancellationToken)
    {
        var snapshots = new List<DeviceHealthSnapshot>();
        foreach (var batch in deviceIds.Chunk(500))
        {
            var devices = await db.Devices.AsNoTracking().IgnoreOrganizationScope().Where(d => batch.Contains(d.Id))
                .Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
            var states = await db.DeviceHealth.AsNoTracking().IgnoreOrganizationScope().Where(h => batch.Contains(h.DeviceId))
                .Select(h => new { h.DeviceId, h.State }).ToDictionaryAsync(h => h.DeviceId, h => h.State, cancellationToken);
            var alarms = (await db.Alarms.AsNoTracking().IgnoreOrganizationScope()
                    .Where(a => batch.Contains(a.DeviceId) && (a.State == AlarmState.Open || a.State == AlarmState.Acknowledged))
                    .Select(a => new { a.DeviceId, a.Type }).ToListAsync(cancellationToken))
                .ToLookup(a => a.DeviceId, a => a.Type.ToString());
            var latest = await db.DiagnosisResults.AsNoTracking().IgnoreOrganizationScope().Where(r => batch.Contains(r.DeviceId))
                .GroupBy(r => r.DeviceId).Select(g => new { DeviceId = g.Key, ResultId = g.Max(r => r.Id) })
                .ToDictionaryAsync(r => r.ResultId, r => r.DeviceId, cancellationToken);
            var resultIds = latest.Keys.ToList();
            var problems = (await db.DiagnosisFindings.AsNoTracking().Where(f => resultIds.Contains(f.ResultId) && f.Detected)
                    .Select(f => new { f.ResultId, f.Kind }).ToListAsync(cancellationToken))
                .ToLookup(f => latest[f.ResultId], f => f.Kind.ToString());

            snapshots.AddRange(devices.Select(d => new DeviceHealthSnapshot(d.Id, d.Name,
                states.GetValueOrDefault(d.Id, HealthState.Unknown) is HealthState.Online or HealthState.Degraded,
                [.. alarms[d.Id].Distinct().Order(StringComparer.Ordinal)], [.. problems[d.Id].Distinct().Order(StringComparer.Ordinal)])));
        }

        return [.. snapshots.OrderBy(s => s.DeviceId)];
    }
}
