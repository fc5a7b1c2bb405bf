using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Monitoring;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Monitoring;

/// <summary>
/// Every device's health state machine, in memory. Only <see cref="HealthProcessor"/> changes them; the
/// scheduler and the console read them.
/// </summary>
public sealed class HealthBook(IDbContextFactory<WatchkeeperDbContext> dbFactory)
{
    private readonly ConcurrentDictionary<long, DeviceHealth> _health = new();

    public DeviceHealth? Find(long deviceId) => _health.GetValueOrDefault(deviceId);

    public HealthState StateOf(long deviceId) => Find(deviceId)?.State ?? HealthState.Unknown;

    public IEnumerable<DeviceHealth> All => _health.Values;

    /// <summary>Loads the stored states after a restart, so that no device is marked online or offline wholesale.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        _health.Clear();
        await foreach (var health in db.DeviceHealth.AsNoTracking().IgnoreOrganizationScope().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            _health[health.DeviceId] = health;
        }
    }

    public DeviceHealth GetOrCreate(long deviceId, DateTimeOffset now) =>
        _health.GetOrAdd(deviceId, id => DeviceHealth.CreateUnknown(id, now));

    public void Remove(long deviceId) => _health.TryRemove(deviceId, out _);

    /// <summary>Returns the nearest device above <paramref name="deviceId"/> in the topology that is Offline.</summary>
    public long? NearestOfflineAncestor(long deviceId, DeviceDirectory directory)
    {
        var seen = new HashSet<long> { deviceId };
        for (var parentId = directory.Find(deviceId)?.ParentId; parentId is { } id && seen.Add(id); parentId = directory.Find(id)?.ParentId)
        {
            if (StateOf(id) == HealthState.Offline)
            {
                return id;
            }
        }

        return null;
    }
}
