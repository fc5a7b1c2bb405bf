using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Core.Organizations;
using Watchkeeper.Core.Recording;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Monitoring;

/// <summary>
/// The monitored devices in memory, with their effective probe set and interval and the topology (parent and
/// children). The scheduler and the health processor read it; ledger changes reload single devices or all.
/// </summary>
/// <remarks>It monitors every device whoever changed the ledger, so it reads past the organization scope.</remarks>
public sealed class DeviceDirectory(IDbContextFactory<WatchkeeperDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<long, MonitoredDevice> _devices = new();
    private volatile ILookup<long, long> _children = Array.Empty<long>().ToLookup(id => id);

    public int Count => _devices.Count;

    public IEnumerable<MonitoredDevice> All => _devices.Values;

    public MonitoredDevice? Find(long id) => _devices.GetValueOrDefault(id);

    public IEnumerable<long> ChildrenOf(long id) => _children[id];

    /// <summary>Returns the ids of every device below <paramref name="id"/> in the topology.</summary>
    public IReadOnlyList<long> DescendantsOf(long id)
    {
        var result = new List<long>();
        var seen = new HashSet<long> { id };
        var pending = new Stack<long>(ChildrenOf(id));
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!seen.Add(current))
            {
                continue;
            }

            result.Add(current);
            foreach (var child in ChildrenOf(current))
            {
                pending.Push(child);
            }
        }

        return result;
    }

    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var resolver = await PolicyResolver.LoadAsync(db, cancellationToken);
        var loaded = new Dictionary<long, MonitoredDevice>();
        await foreach (var device in db.Devices.AsNoTracking().IgnoreOrganizationScope().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            loaded[device.Id] = resolver.Resolve(device);
        }

        foreach (var id in _devices.Keys.Where(id => !loaded.ContainsKey(id)))
        {
            _devices.TryRemove(id, out _);
        }

        foreach (var (id, device) in loaded)
        {
            _devices[id] = device;
        }

        RebuildTopology();
    }

    /// <summary>Reloads one device; returns null when it no longer exists.</summary>
    public async Task<MonitoredDevice?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var device = await db.Devices.AsNoTracking().IgnoreOrganizationScope().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (device is null)
        {
            Remove(id);
            return null;
        }

        var resolver = await PolicyResolver.LoadAsync(db, cancellationToken);
        var monitored = resolver.Resolve(device);
        var previous = _devices.GetValueOrDefault(id);
        _devices[id] = monitored;
        if (previous?.ParentId != monitored.ParentId)
        {
            RebuildTopology();
        }

        return monitored;
    }

    public void Remove(long id)
    {
        if (_devices.TryRemove(id, out _))
        {
            RebuildTopology();
        }
    }

    private void RebuildTopology() =>
        _children = _devices.Values.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!.Value, d => d.Id);

    /// <summary>Resolves a device's probe set and interval: the device's own, else the nearest organization policy, else the kind's default.</summary>
    private sealed class PolicyResolver(OrganizationTree tree, Dictionary<(long, DeviceKind), MonitoringPolicy> policies)
    {
        public static async Task<PolicyResolver> LoadAsync(WatchkeeperDbContext db, CancellationToken cancellationToken)
        {
            var organizations = await db.Organizations.AsNoTracking().IgnoreOrganizationScope().ToListAsync(cancellationToken);
            var policies = await db.MonitoringPolicies.AsNoTracking().IgnoreOrganizationScope().ToListAsync(cancellationToken);
            return new PolicyResolver(new OrganizationTree(organizations), policies.ToDictionary(p => (p.OrganizationId, p.Kind)));
        }

        public MonitoredDevice Resolve(Device device)
        {
            ProbeSet? probes = device.Probes;
            int? interval = device.ProbeIntervalSeconds;
            var seen = new HashSet<long>();
            for (var organization = tree.Find(device.OrganizationId);
                 organization is not null && seen.Add(organization.Id) && (probes is null || interval is null);
                 organization = organization.ParentId is { } parent ? tree.Find(parent) : null)
            {
                if (policies.TryGetValue((organization.Id, device.Kind), out var policy))
                {
                    probes ??= policy.Probes;
                    interval ??= policy.IntervalSeconds;
                }
            }

            var seconds = Math.Clamp(interval ?? ProbePlan.DefaultIntervalSeconds(device.Kind), ProbePlan.MinIntervalSeconds, ProbePlan.MaxIntervalSeconds);
            var effective = ProbePlan.WithGb28181(probes ?? ProbePlan.DefaultProbes(device.Kind), device.GbId, chosenForDevice: device.Probes is not null);
            var hasPicture = !string.IsNullOrWhiteSpace(device.RtspUrl) || !string.IsNullOrWhiteSpace(device.SnapshotUrl);
            effective = ProbePlan.WithDiagnosis(effective, device.Kind, hasPicture, chosenForDevice: device.Probes is not null);
            var recording = RecordingChannels.IsRecordingChannel(device.Kind, device.RecorderChannel, device.GbId, device.ParentId);
            effective = ProbePlan.WithRecording(effective, recording, chosenForDevice: device.Probes is not null);
            return MonitoredDevice.From(device, effective, TimeSpan.FromSeconds(seconds));
        }
    }
}
