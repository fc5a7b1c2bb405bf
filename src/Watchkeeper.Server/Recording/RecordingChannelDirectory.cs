using Microsoft.EntityFrameworkCore;
using Watchkeeper.Core.Devices;
using Watchkeeper.Core.Recording;
using Watchkeeper.Server.Data;

namespace Watchkeeper.Server.Recording;

/// <summary>A recording channel with what fetching its recordings needs; the recorder password stays encrypted.</summary>
public sealed record RecordingChannel
{
    public required long DeviceId { get; init; }

    public required string Code { get; init; }

    public required string Name { get; init; }

    public required long OrganizationId { get; init; }

    public RecordingSource Source { get; init; }

    /// <summary>Why the recordings cannot be fetched (no recorder URL, GB/T 28181 channel not in any catalog), or null.</summary>
    public string? Problem { get; init; }

    public string? OwnerGbId { get; init; }

    public string? ChannelGbId { get; init; }

    public long? RecorderId { get; init; }

    public string? RecorderUrl { get; init; }

    public int? RecorderChannel { get; init; }

    public string? UserName { get; init; }

    public string? EncryptedPassword { get; init; }
}

/// <summary>
/// Finds the ledger's recording channels (see <see cref="RecordingChannels.IsRecordingChannel"/>) and how to fetch
/// their recordings: through the parent recorder's ISAPI when the ledger names the recorder channel, else through the
/// GB/T 28181 device whose catalog lists the channel.
/// </summary>
public sealed class RecordingChannelDirectory(IDbContextFactory<WatchkeeperDbContext> dbFactory)
{
    /// <summary>Returns the ids of every monitored recording channel.</summary>
    public async Task<List<long>> ListIdsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = await Candidates(db).Select(d => new { d.Id, d.Kind, d.RecorderChannel, d.GbId, d.ParentId }).ToListAsync(cancellationToken);
        return candidates.Where(d => RecordingChannels.IsRecordingChannel(d.Kind, d.RecorderChannel, d.GbId, d.ParentId)).Select(d => d.Id).ToList();
    }

    /// <summary>Returns the recording channels among <paramref name="ids"/>, or all when null.</summary>
    public async Task<List<RecordingChannel>> LoadAsync(IReadOnlyCollection<long>? ids, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Candidates(db);
        if (ids is not null)
        {
            query = query.Where(d => ids.Contains(d.Id));
        }

        var devices = (await query.ToListAsync(cancellationToken))
            .Where(d => RecordingChannels.IsRecordingChannel(d.Kind, d.RecorderChannel, d.GbId, d.ParentId))
            .ToList();
        if (devices.Count == 0)
        {
            return [];
        }

        var deviceIds = devices.Select(d => d.Id).ToList();
        var parentIds = devices.Select(d => d.ParentId!.Value).Distinct().ToList();
        var parents = await db.Devices.AsNoTracking().Where(d => parentIds.Contains(d.Id))
            .Select(d => new { d.Id, d.Kind, d.HttpApiUrl, d.UserName, d.EncryptedPassword })
            .ToDictionaryAsync(d => d.Id, cancellationToken);
        var gbChannels = await (from c in db.GbChannels.AsNoTracking()
                                join owner in db.GbDevices.AsNoTracking() on c.OwnerDeviceId equals owner.DeviceId
                                where c.LedgerDeviceId != null && deviceIds.Contains(c.LedgerDeviceId.Value) && !c.Removed
                                select new { DeviceId = c.LedgerDeviceId!.Value, c.ChannelGbId, OwnerGbId = owner.GbId })
            .ToListAsync(cancellationToken);
        var gbByDevice = gbChannels.GroupBy(c => c.DeviceId).ToDictionary(g => g.Key, g => g.First());

        return devices.Select(device =>
        {
            var channel = new RecordingChannel { DeviceId = device.Id, Code = device.Code, Name = device.Name, OrganizationId = device.OrganizationId };
            var parent = parents.GetValueOrDefault(device.ParentId!.Value);
            if (device.RecorderChannel is { } number)
            {
                return parent?.HttpApiUrl is { Length: > 0 } url
                    ? channel with { Source = RecordingSource.Isapi, RecorderId = parent.Id, RecorderUrl = url, RecorderChannel = number, UserName = parent.UserName, EncryptedPassword = parent.EncryptedPassword }
                    : channel with { Source = RecordingSource.Isapi, RecorderChannel = number, Problem = $"the parent device {device.ParentId} has no HTTP API URL, so its ISAPI recording search cannot be reached" };
            }

            return gbByDevice.TryGetValue(device.Id, out var gb)
                ? channel with { Source = RecordingSource.Gb28181, OwnerGbId = gb.OwnerGbId, ChannelGbId = gb.ChannelGbId }
                : channel with { Source = RecordingSource.Gb28181, ChannelGbId = device.GbId, Problem = $"no registered GB/T 28181 device lists {device.GbId} in its catalog" };
        }).ToList();
    }

    private static IQueryable<Device> Candidates(WatchkeeperDbContext db) =>
        db.Devices.AsNoTracking().Where(d => d.MonitoringEnabled && d.ParentId != null
            && (d.Kind == DeviceKind.Camera || d.Kind == DeviceKind.Channel)
            && (d.RecorderChannel != null || d.GbId != null));
}
